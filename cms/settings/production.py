"""Production: DEBUG off; refuses to start without SECRET_KEY and ALLOWED_HOSTS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, REDIS_URL, STORAGES, _public_base_url, env, env_bool, env_list

DEBUG = False
SEED_DEMO_ADMIN = False

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY fehlt: Produktion startet nicht ohne geheimen Schlüssel.")
SECRET_KEY = os.environ["SECRET_KEY"]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS fehlt: Produktion startet nicht ohne erlaubte Hostnamen.")

# The public address (base.py): https only. Without PUBLIC_BASE_URL it is https:// and the first allowed host.
_named_host = next((host for host in ALLOWED_HOSTS if not host.startswith((".", "*"))), "")
PUBLIC_BASE_URL = _public_base_url(env("PUBLIC_BASE_URL", f"https://{_named_host}" if _named_host else ""))
if not PUBLIC_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        f"PUBLIC_BASE_URL muss in Produktion mit https:// beginnen, nicht {PUBLIC_BASE_URL!r}: aus dieser "
        "Adresse entsteht jeder Link in E-Mails, Feeds und Kalender-Abos."
    )
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # consent only; nothing happens until submitted
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Mails go through the database queue (cms.operations.mail); `manage.py mail_worker` must run beside gunicorn.
EMAIL_QUEUE = env_bool("EMAIL_QUEUE", True)
if EMAIL_QUEUE:
    EMAIL_BACKEND = "cms.operations.mail.QueuedEmailBackend"

# The page cache and the cached feeds need a cache that every worker process shares. Without REDIS_URL
# (one machine, the README's single-server command) that is Django's file cache in CACHE_DIR: all workers
# read and write the same files, with no database query. An entry is written to a temporary file and renamed,
# so no reader sees half of it; an entry that is lost or culled only costs a new rendering (a tag version
# that is gone counts as changed). Redis stays the choice for several machines.
if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "cache")),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "ehrenamt"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

STORAGES = {
    "default": STORAGES["default"],  # local MEDIA_ROOT or S3 (MEDIA_STORAGE, see base.py)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
