"""Faults: with the database away the site answers 503 with a German maintenance page and `Retry-After`,
never a traceback; any other error gets the plain German 500 page. Once in-process (every query fails),
once against a real gunicorn with production settings and a database address where nothing listens."""

import time
import urllib.error
import urllib.request

import pytest
from django.db.utils import OperationalError

from tests.factories import NewsPageFactory
from tests.servers import production_env, start_gunicorn, stop_gunicorn

MAINTENANCE_TEXT = "Die Website ist vorübergehend nicht erreichbar"
LEAKS = ("Traceback", "OperationalError", "psycopg", "sqlite", "connection", "Exception")
CSRF_SECRET = "a" * 32  # a well-formed CSRF cookie value; the form field repeats it


def assert_maintenance_page(status, headers, body):
    assert status == 503
    assert headers["Retry-After"] == "120"
    assert headers["Content-Type"].startswith("text/html")
    assert '<html lang="de">' in body
    assert MAINTENANCE_TEXT in body
    assert "Es wurde nicht gespeichert" in body
    for leak in LEAKS:
        assert leak not in body


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')


# --- in-process: every query fails ------------------------------------------------------------------------


@pytest.fixture
def unplugged_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/termine/", "/kurse/", "/aktuelles/", "/suche/?q=Verein"])
def test_pages_answer_503_with_the_maintenance_page_while_every_query_fails(
    unplugged_client, news_index, path
):
    from django.db import connection

    with connection.execute_wrapper(refuse_every_query):
        response = unplugged_client.get(path)
    assert_maintenance_page(response.status_code, response.headers, response.content.decode())


@pytest.mark.django_db
def test_a_logged_in_editor_gets_the_maintenance_page_when_the_session_user_cannot_be_loaded(
    unplugged_client, django_user_model, home
):
    from django.db import connection

    editor = django_user_model.objects.create_superuser(
        "redaktion", "redaktion@example.org", "ein-langes-passwort"
    )
    unplugged_client.force_login(editor)
    with connection.execute_wrapper(refuse_every_query):
        response = unplugged_client.get("/admin/")
    assert_maintenance_page(response.status_code, response.headers, response.content.decode())


@pytest.mark.django_db
def test_any_other_error_gets_the_german_500_page_without_touching_the_database(
    unplugged_client, news_index, monkeypatch, django_assert_num_queries
):
    from wagtail.models import Site

    def broken(request):
        raise RuntimeError("Geheimes Detail aus dem Code")

    monkeypatch.setattr(Site, "find_for_request", staticmethod(broken))
    with django_assert_num_queries(0):
        response = unplugged_client.get("/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Technischer Fehler" in body
    assert "Retry-After" not in response.headers
    assert "Geheimes Detail" not in body and "RuntimeError" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_the_site_works_normally_when_the_database_is_there(client, news_index):
    NewsPageFactory(parent=news_index, title="Neue Ehrenamtskarte")
    response = client.get(news_index.url)
    assert response.status_code == 200
    assert MAINTENANCE_TEXT not in response.content.decode()


# --- a real server: gunicorn, production settings, no database listening ----------------------------------


@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory):
    """gunicorn with cms.settings.production whose DATABASE_URL points at a port where nothing listens."""
    env = production_env("nur-fuer-den-stoerungstest")
    log = tmp_path_factory.mktemp("gunicorn") / "stderr.log"
    base, process = start_gunicorn(env, log, "--workers", "1")
    server = Server(base, process, log)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn did not start:\n{server.log_tail()}")
        try:
            status, _, _ = fetch(server.url + "/static/css/maintenance.css")
            break
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError(
                    f"gunicorn did not answer within 60 seconds:\n{server.log_tail()}"
                ) from None
            time.sleep(0.3)
    yield server
    stop_gunicorn(process)


class Server:
    def __init__(self, url, process, log):
        self.url, self.process, self.log = url, process, log

    def log_tail(self):
        return self.log.read_text(errors="replace")[-4000:]

    def fetch(self, path, **kwargs):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn has stopped:\n{self.log_tail()}")
        return fetch(self.url + path, **kwargs)


def fetch(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.mark.parametrize("path", ["/", "/termine/", "/kurse/", "/kurse/vereinsrecht/fruehjahr/"])
def test_a_real_server_without_database_answers_503_in_german(server_without_database, path):
    assert_maintenance_page(*server_without_database.fetch(path))


@pytest.mark.parametrize(
    "path", ["/kurse/vereinsrecht/fruehjahr/anmelden/", "/termine/melden/", "/praxisbeispiele/vorschlagen/"]
)
def test_a_form_sent_to_a_real_server_without_database_gets_503_in_german(server_without_database, path):
    form = f"csrfmiddlewaretoken={CSRF_SECRET}&name=Jana+Pfeiffer&email=jana%40verein.example&consent=on"
    status, headers, body = server_without_database.fetch(
        path,
        data=form.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={CSRF_SECRET}",
        },
    )
    assert_maintenance_page(status, headers, body)


def test_the_maintenance_page_is_styled_without_the_database(server_without_database):
    status, headers, body = server_without_database.fetch("/")
    assert '<link rel="stylesheet" href="/static/css/maintenance.css">' in body
    status, headers, css = server_without_database.fetch("/static/css/maintenance.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert ".fault-main" in css


def test_the_server_logs_the_database_error_for_the_operators(server_without_database):
    server_without_database.fetch("/kurse/")
    time.sleep(0.5)
    assert "OperationalError" in server_without_database.log_tail()
