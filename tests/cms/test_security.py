"""Production hardening: deploy check, security headers on every response, login lockout, password rules."""

import base64
import hashlib
import logging
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image

from cms.blocks import VideoBlock, VideoStructValue
from cms.privacy import purge_expired, registered_policies
from home.models import NewsIndexPage, NewsPage

BASE_DIR = Path(__file__).resolve().parents[2]
STRONG_PASSWORD = "Feldweg-Kyffhäuser-2026!"


def csp(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEST_DB"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="ehrenamt.kyffhaeuser.example",
        **extra,
    )
    return env


# --- manage.py check --deploy ---------------------------------------------------------------------------


def test_deploy_check_with_production_settings_reports_no_issue_and_silences_none():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert re.findall(r"\(\w+(?:\.\w+)*\.[WE]\d+\)", output) == []


def test_production_hashes_passwords_with_pbkdf2_and_sends_hsts_with_preload():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PASSWORD_HASHERS[0]); print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=production_env(), capture_output=True, text=True
    )
    assert result.stdout.split("\n")[:2] == [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "31536000 True True True True True",
    ], result.stderr


# --- Headers on every response ----------------------------------------------------------------------------


@pytest.fixture
def media_file(seeded):
    image = Image.objects.order_by("pk").first()
    return image.file.url


@pytest.fixture
def everything(seeded, media_file):
    """(name, path, expected status) for every kind of response the site gives."""
    news_index = NewsIndexPage.objects.live().first()
    return [
        ("Startseite", "/", 200),
        ("Meldung", NewsPage.objects.live().order_by("pk").first().url, 200),
        ("RSS der Meldungen", news_index.url + news_index.reverse_subpage("rss"), 200),
        ("RSS der Termine", "/termine/rss/", 200),
        ("iCalendar", "/termine/ical/", 200),
        ("Sitemap", "/sitemap.xml", 200),
        ("404", "/gibt-es-nicht/", 404),
        ("400", "/suche/?q=Verein&seite=-1", 400),
        ("414", "/suche/?q=" + "x" * 5000, 414),
        ("statische Datei (WhiteNoise)", "/static/js/site.js", 200),
        ("Medien", media_file, 200),
        ("Anmeldung der Redaktion", "/admin/login/", 200),
        ("Redaktion ohne Anmeldung", "/admin/pages/", 302),
    ]


@pytest.mark.django_db
def test_every_kind_of_response_carries_the_security_headers(client, everything):
    for name, path, status in everything:
        response = client.get(path)
        assert response.status_code == status, name
        assert "Content-Security-Policy" in response, name
        assert csp(response)["frame-ancestors"] == ["'none'"], name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in response["Permissions-Policy"], name


@pytest.mark.django_db
def test_public_policy_allows_scripts_only_from_the_site_without_inline_or_eval(client, seeded):
    policy = csp(client.get("/"))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not [source for sources in policy.values() for source in sources if "nonce" in source]


@pytest.mark.django_db
def test_the_two_click_video_may_frame_exactly_the_hosts_its_embed_addresses_use(client, seeded):
    block = VideoBlock()
    embeds = [
        VideoStructValue(block, [("url", "https://www.youtube.com/watch?v=abc123")]).embed_url,
        VideoStructValue(block, [("url", "https://vimeo.com/76979871")]).embed_url,
    ]
    hosts = sorted({"https://" + url.split("/")[2] for url in embeds})

    assert sorted(csp(client.get("/"))["frame-src"]) == hosts
    assert "iframe" not in (BASE_DIR / "templates" / "blocks" / "video.html").read_text()


@pytest.mark.django_db
def test_media_files_get_a_policy_under_which_nothing_runs(client, media_file):
    policy = csp(client.get(media_file))

    assert policy["default-src"] == ["'none'"]
    assert policy["sandbox"] == []
    assert "script-src" not in policy


@pytest.mark.django_db
def test_admin_keeps_scripts_strict_and_only_the_preview_may_be_framed_by_the_site(client, seeded):
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    news = NewsPage.objects.live().order_by("pk").first()

    edit = client.get(f"/admin/pages/{news.pk}/edit/")
    preview = client.get(f"/admin/pages/{news.pk}/edit/preview/")

    assert edit.status_code == 200
    assert csp(edit)["script-src"] == ["'self'"]
    assert csp(edit)["style-src"] == ["'self'", "'unsafe-inline'"]
    noop_handler = base64.b64encode(hashlib.sha256(b"return;").digest()).decode()
    assert csp(edit)["script-src-attr"] == ["'unsafe-hashes'", f"'sha256-{noop_handler}'"]
    assert csp(edit)["frame-src"][0] == "'self'"
    assert (csp(edit)["frame-ancestors"], edit["X-Frame-Options"]) == (["'none'"], "DENY")
    assert (csp(preview)["frame-ancestors"], preview["X-Frame-Options"]) == (["'self'"], "SAMEORIGIN")
    assert csp(preview)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_admin_edit_view_contains_no_inline_script(client, seeded):
    client.force_login(User.objects.get(username="admin"))
    news = NewsPage.objects.live().order_by("pk").first()
    html = client.get(f"/admin/pages/{news.pk}/edit/").content.decode()

    inline = [
        script
        for attrs, script in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        if "src=" not in attrs and "application/json" not in attrs and script.strip()
    ]
    assert inline == []
    assert 'data-csp-init="initDateChooser"' in html
    assert 'data-csp-init="ImageChooser"' in html


def test_hsts_is_sent_over_https_only(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    assert "Strict-Transport-Security" not in client.get("/healthz/")
    assert client.get("/healthz/", secure=True)["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_templates_and_scripts_contain_no_inline_script_handler_or_javascript_url():
    offenders = []
    for path in sorted((BASE_DIR / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for attrs in re.findall(r"<script([^>]*)>", text):
            if "src=" not in attrs and "application/ld+json" not in attrs:
                offenders.append(f"{path.name}: <script{attrs}>")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{path.name}: javascript:" for _ in re.findall(r"javascript:", text, flags=re.I)]
    for path in sorted((BASE_DIR / "static_src" / "js").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\beval\(|new Function\(|javascript:", text)]
    assert offenders == []


# --- Brute-force protection of the logins ----------------------------------------------------------------


@pytest.fixture
def editor(db):
    cache.clear()
    return User.objects.create_user("redakteurin", "redaktion@kyffhaeuser.example", STRONG_PASSWORD)


def log_in(client, username, password, address="198.51.100.7"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failed_logins_lock_name_and_address_out_with_a_german_429_page(client, editor):
    for _ in range(4):
        assert log_in(client, "redakteurin", "falsch").status_code == 200
    fifth = log_in(client, "redakteurin", "falsch")
    even_right = log_in(client, "redakteurin", STRONG_PASSWORD)

    assert fifth.status_code == 429
    assert even_right.status_code == 429
    body = even_right.content.decode()
    assert "vorübergehend gesperrt" in body
    assert "15 Minuten" in body
    assert even_right["Retry-After"] == "900"
    assert csp(even_right)["script-src"] == ["'self'"]
    assert "_auth_user_id" not in client.session


def test_locked_out_page_is_the_same_for_unknown_and_existing_accounts(client, editor):
    for username in ("redakteurin", "niemand-heisst-so"):
        for _ in range(5):
            log_in(client, username, "falsch")
    existing = log_in(client, "redakteurin", "falsch")
    unknown = log_in(client, "niemand-heisst-so", "falsch")

    assert (existing.status_code, unknown.status_code) == (429, 429)
    assert existing.content == unknown.content
    assert "redakteurin" not in existing.content.decode()


def test_lockout_holds_name_and_address_together_and_ends_after_fifteen_minutes(client, editor):
    for _ in range(5):
        log_in(client, "redakteurin", "falsch")

    from_elsewhere = log_in(client, "redakteurin", STRONG_PASSWORD, address="203.0.113.20")
    assert from_elsewhere.status_code == 302
    client.logout()
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    after_cool_off = log_in(client, "redakteurin", STRONG_PASSWORD)

    assert after_cool_off.status_code == 302
    assert after_cool_off["Location"] == "/admin/"


def test_django_admin_route_is_gone(client, db):
    assert client.get("/django-admin/").status_code == 404
    assert client.post("/django-admin/login/", {"username": "a", "password": "b"}).status_code == 404


def test_failed_logins_are_deleted_after_a_day_by_purge_personal_data(client, editor):
    log_in(client, "redakteurin", "falsch")
    assert AccessAttempt.objects.count() == 1
    label = "Fehlgeschlagene Anmeldeversuche (Sperre nach zu vielen Versuchen)"
    assert label in registered_policies()

    assert dict(purge_expired(timezone.now()))[label] == 0
    assert dict(purge_expired(timezone.now() + timedelta(days=1, minutes=1)))[label] == 1
    assert AccessAttempt.objects.count() == 0


def test_failed_logins_leave_neither_username_nor_address_in_the_log(client, editor, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(6):
        log_in(client, "geheime.person", "falsch", address="203.0.113.77")

    assert caplog.records, "axes logged nothing: the check below would prove nothing"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "geheime.person" not in logged
    assert "203.0.113.77" not in logged


def test_password_reset_requests_are_limited_per_hour_and_address(client, editor):
    url = reverse("wagtailadmin_password_reset")
    answers = [
        client.post(url, {"email": "redaktion@kyffhaeuser.example"}, REMOTE_ADDR="198.51.100.9").status_code
        for _ in range(6)
    ]

    assert answers == [302, 302, 302, 302, 302, 429]
    blocked = client.post(url, {"email": "redaktion@kyffhaeuser.example"}, REMOTE_ADDR="198.51.100.9")
    assert "schon mehrmals ein neues Passwort angefordert" in blocked.content.decode()
    assert client.post(url, {"email": "x@example.org"}, REMOTE_ADDR="198.51.100.10").status_code == 302


# --- Password rules in the admin ---------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client, db):
    admin = User.objects.create_superuser("chefin", "chefin@kyffhaeuser.example", STRONG_PASSWORD)
    client.force_login(admin)
    return client


WEAK_PASSWORDS = [
    ("Kurz-1", "Dieses Passwort ist zu kurz. Es muss mindestens 12 Zeichen enthalten."),
    ("password1234", "Dieses Passwort ist zu üblich."),
    ("804175926301", "Dieses Passwort ist komplett numerisch."),
    ("neue.redakteurin", "Das Passwort ist zu ähnlich zu Benutzername."),
    ("Passwort-2026!", "Dieses Passwort besteht im Kern aus einem sehr häufigen Wort"),
]


def add_admin_user(client, password):
    """The admin form "add user" for a new editor, sent with ``password`` twice."""
    new_user = {"username": "neue.redakteurin", "email": "neu@kyffhaeuser.example"}
    new_user.update(first_name="Neue", last_name="Redakteurin", password1=password, password2=password)
    return client.post(reverse("wagtailusers_users:add"), new_user)


@pytest.mark.parametrize(("password", "message"), WEAK_PASSWORDS)
def test_creating_an_admin_user_rejects_a_weak_password_in_german(superuser_client, password, message):
    response = add_admin_user(superuser_client, password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="neue.redakteurin").exists()


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("passwort1234", True),
        ("HalloHallo-99", True),
        ("Ehrenamt-2026!", True),
        ("kyffhäuser2026", True),
        ("Sondershausen#1", True),
        ("Zitrone-Wolke-Fahrrad", False),
        (STRONG_PASSWORD, False),
    ],
)
def test_german_common_words_and_the_sites_names_padded_with_digits_are_refused(password, refused):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password)
        messages = []
    except ValidationError as error:
        messages = error.messages

    assert any("häufigen Wort" in m for m in messages) is refused, messages


def test_creating_an_admin_user_accepts_a_strong_password(superuser_client):
    response = add_admin_user(superuser_client, STRONG_PASSWORD)

    assert response.status_code == 302
    assert User.objects.get(username="neue.redakteurin").check_password(STRONG_PASSWORD)


def test_editing_an_admin_user_rejects_a_weak_password_in_german(superuser_client):
    user = User.objects.create_user("redakteur", "r@kyffhaeuser.example", STRONG_PASSWORD)
    response = superuser_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "username": "redakteur",
            "email": "r@kyffhaeuser.example",
            "first_name": "Re",
            "last_name": "Dakteur",
            "password1": "kurz123",
            "password2": "kurz123",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert (
        "Dieses Passwort ist zu kurz. Es muss mindestens 12 Zeichen enthalten." in response.content.decode()
    )
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)


def test_changing_ones_own_password_rejects_a_weak_password_in_german(superuser_client):
    response = superuser_client.post(
        reverse("wagtailadmin_account"),
        {
            "password-old_password": STRONG_PASSWORD,
            "password-new_password1": "password1234",
            "password-new_password2": "password1234",
        },
    )

    assert response.status_code == 200
    assert "Dieses Passwort ist zu üblich." in response.content.decode()
    assert User.objects.get(username="chefin").check_password(STRONG_PASSWORD)
