"""The test suite: fast password hashing, mails kept in memory, a file test database for --reuse-db."""

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = "nur-fuer-tests"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The mail queue is off in tests (mails land in mail.outbox at once); tests/cms/test_mail_queue.py turns it on.
EMAIL_QUEUE = False
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SEED_DEMO_ADMIN = True
SERVE_MEDIA = True
# A file test database keeps `--reuse-db` fast; TEST_DB_NAME lets parallel runs use their own.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME", str(BASE_DIR / "test-db.sqlite3"))}
elif env("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME")}
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-artifacts" / "private-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client's host: links in mails and feeds lead back to the site under test.
PUBLIC_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = "http://testserver"
# The page cache is off in the suite (tests share one local-memory cache); tests/cms/test_page_cache.py
# switches it on with override_settings.
PAGE_CACHE_SECONDS = 0
PAGE_CACHE_CLOCK_MARGIN_MS = 0
