"""Request size limits (cms.forms.limits): too large bodies, too many fields or files, too large uploads and
too long URLs answer with a German page and 413, 400 or 414, store nothing and never end in a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.public_forms import FORMS, assert_german_error, form_body, main_text

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def post(client, url, pairs):
    return client.post(url, form_body(pairs), content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("form", FORMS)
def test_a_form_body_over_the_memory_limit_answers_413_in_german_and_stores_nothing(
    web, demo, settings, form
):
    url_of, data, stored = FORMS[form]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    before = stored()
    pairs = [*data("zu-gross").items(), ("name", "Ä" * 3_000)]

    response = post(web, url_of(demo), pairs)

    assert_german_error(response, 413)
    assert "Die gesendeten Daten sind zu groß" in main_text(response)
    assert stored() == before


@pytest.mark.parametrize("form", FORMS)
def test_too_many_fields_answer_400_in_german_and_store_nothing(web, demo, settings, form):
    url_of, data, stored = FORMS[form]
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    before = stored()
    pairs = [*data("viele-felder").items(), *((f"feld{n}", "x") for n in range(200))]

    response = post(web, url_of(demo), pairs)

    assert_german_error(response, 400)
    assert "zu viele Felder oder Dateien" in main_text(response)
    assert stored() == before


def test_too_many_files_answer_400_in_german_and_store_nothing(web, demo, settings):
    url_of, data, stored = FORMS["Praxisbeispiel vorschlagen"]
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    before = stored()
    files = {f"datei{n}": SimpleUploadedFile(f"bild{n}.png", PNG, "image/png") for n in range(5)}

    response = web.post(url_of(demo), {**data("viele-dateien"), **files})

    assert_german_error(response, 400)
    assert "zu viele Felder oder Dateien" in main_text(response)
    assert stored() == before


def test_an_upload_over_the_form_limit_is_refused_with_a_german_message(web, demo, settings):
    url_of, data, stored = FORMS["Praxisbeispiel vorschlagen"]
    settings.PRAXIS_UPLOAD_MAX_BYTES = 1_000
    before = stored()
    image = SimpleUploadedFile("gross.png", PNG + b"\x00" * 5_000, "image/png")

    response = web.post(url_of(demo), {**data("grosse-datei"), "image": image, "image_alt": "Ein Bild"})

    assert_german_error(response, 400)
    assert "Die Datei ist zu groß" in main_text(response)
    assert stored() == before


@pytest.mark.parametrize("form", FORMS)
def test_a_body_announced_over_the_request_limit_answers_413_before_it_is_read(web, demo, settings, form):
    url_of, data, stored = FORMS[form]
    settings.MAX_REQUEST_BODY_SIZE = 10_000
    before = stored()
    pairs = [*data("riesig").items(), ("accessibility_needs", "x" * 20_000)]

    response = post(web, url_of(demo), pairs)

    assert_german_error(response, 413)
    assert "Die gesendeten Daten sind zu groß" in main_text(response)
    assert stored() == before


@pytest.mark.parametrize(
    "path",
    [
        "/termine/?suche=" + "x" * 5_000,
        "/praxisbeispiele/?" + "&".join(["gemeinde=artern"] * 400),
        "/" + "a/" * 3_000,
    ],
)
def test_a_url_over_the_length_limit_answers_414_in_german(web, path):
    response = web.get(path)

    assert_german_error(response, 414)
    assert "Die Adresse ist zu lang" in main_text(response)


def test_a_url_within_the_limit_is_served(web):
    response = web.get("/termine/?suche=" + "x" * 50)
    assert response.status_code == 200


def test_the_health_check_answers_ok_without_database_or_page_cache(
    client, db, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/healthz/")
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Cache"] == "BYPASS"
    assert "Set-Cookie" not in response


def test_the_health_check_is_not_in_the_sitemap(web):
    response = web.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"<loc>" in response.content
    assert b"healthz" not in response.content


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data; boundary=grenze", "multipart/form-data", "multipart/form-data; boundary=\x7f"],
)
@pytest.mark.parametrize("form", FORMS)
def test_a_broken_multipart_body_answers_400_in_german_and_stores_nothing(web, demo, form, content_type):
    url_of, _data, stored = FORMS[form]
    before = stored()
    body = b'--grenze\r\nContent-Disposition: form-data; name="name"\r\n\r\nErika\r\n--grenze'  # no end

    response = web.generic("POST", url_of(demo), body, content_type=content_type)

    assert_german_error(response, 400)
    assert stored() == before


@pytest.mark.parametrize("form", FORMS)
def test_a_form_without_its_csrf_token_answers_403_in_german_and_stores_nothing(demo, db, form):
    url_of, data, stored = FORMS[form]
    before = stored()

    response = Client(enforce_csrf_checks=True).post(url_of(demo), data("ohne-token"))

    assert_german_error(response, 403)
    assert "Sicherheitsmerkmal fehlt oder abgelaufen" in main_text(response)
    assert stored() == before
