"""Request size limits (cms.forms.limits): too large bodies, too many fields or files, too large uploads and
too long URLs answer with a German page and 413, 400 or 414, store nothing and never end in a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.public_forms import PublicForm, assert_german_error, main_text, post_form

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("setting", "limit", "too_much", "status", "message"),
    [
        pytest.param(
            "DATA_UPLOAD_MAX_MEMORY_SIZE",
            2_000,
            [("name", "Ä" * 3_000)],
            413,
            "Die gesendeten Daten sind zu groß",
            id="body-over-the-memory-limit-413",
        ),
        pytest.param(
            "DATA_UPLOAD_MAX_NUMBER_FIELDS",
            100,
            [(f"feld{n}", "x") for n in range(200)],
            400,
            "zu viele Felder oder Dateien",
            id="too-many-fields-400",
        ),
        pytest.param(
            "MAX_REQUEST_BODY_SIZE",
            10_000,
            [("accessibility_needs", "x" * 20_000)],
            413,
            "Die gesendeten Daten sind zu groß",
            id="body-announced-over-the-request-limit-413-before-it-is-read",
        ),
    ],
)
def test_a_form_body_over_a_limit_answers_in_german_and_stores_nothing(
    web, public_form, settings, setting, limit, too_much, status, message
):
    setattr(settings, setting, limit)
    before = public_form.stored()

    response = post_form(web, public_form.url, [*public_form.data("zu-viel").items(), *too_much])

    assert_german_error(response, status)
    assert message in main_text(response)
    assert public_form.stored() == before


def png(name, padding=0):
    return SimpleUploadedFile(name, PNG + b"\x00" * padding, "image/png")


@pytest.mark.parametrize(
    ("setting", "limit", "uploads", "message"),
    [
        pytest.param(
            "DATA_UPLOAD_MAX_NUMBER_FILES",
            2,
            lambda: {f"datei{n}": png(f"bild{n}.png") for n in range(5)},
            "zu viele Felder oder Dateien",
            id="too-many-files",
        ),
        pytest.param(
            "PRAXIS_UPLOAD_MAX_BYTES",
            1_000,
            lambda: {"image": png("gross.png", padding=5_000), "image_alt": "Ein Bild"},
            "Die Datei ist zu groß",
            id="an-upload-over-the-form-limit",
        ),
    ],
)
def test_too_many_or_too_large_files_answer_400_in_german_and_store_nothing(
    web, demo, settings, setting, limit, uploads, message
):
    proposal = PublicForm.of("Praxisbeispiel vorschlagen", demo)
    setattr(settings, setting, limit)
    before = proposal.stored()

    response = web.post(proposal.url, {**proposal.data("dateien"), **uploads()})

    assert_german_error(response, 400)
    assert message in main_text(response)
    assert proposal.stored() == before


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
def test_a_broken_multipart_body_answers_400_in_german_and_stores_nothing(web, public_form, content_type):
    before = public_form.stored()
    body = b'--grenze\r\nContent-Disposition: form-data; name="name"\r\n\r\nErika\r\n--grenze'  # no end

    response = web.generic("POST", public_form.url, body, content_type=content_type)

    assert_german_error(response, 400)
    assert public_form.stored() == before


def test_a_form_without_its_csrf_token_answers_403_in_german_and_stores_nothing(db, public_form):
    before = public_form.stored()

    response = Client(enforce_csrf_checks=True).post(public_form.url, public_form.data("ohne-token"))

    assert_german_error(response, 403)
    assert "Sicherheitsmerkmal fehlt oder abgelaufen" in main_text(response)
    assert public_form.stored() == before
