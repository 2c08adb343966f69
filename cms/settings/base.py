"""Settings shared by every environment. Configuration comes from environment variables."""

import os
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlparse, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "unsicher-nur-fuer-die-entwicklung")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "home",
    "termine",
    "netzwerk",
    "qualifizierung",
    "praxisbeispiele",
    "barrierefreiheit",
    "cms",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "cms.operations.timing.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.operations.security.SecurityHeadersMiddleware",  # CSP, Permissions-Policy: outside WhiteNoise and page cache
    "cms.forms.limits.RequestLimitMiddleware",  # 414/413 in German before anything reads the request
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.operations.pagecache.PageCacheMiddleware",  # anonymous pages from the cache; before sessions and CSRF
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.editors.editorial.PrefixRedirectMiddleware",  # Wagtail's redirects + sub-paths of moved pages
    "cms.operations.middleware.BadQueryMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "cms.urls"
# Form widgets use the TEMPLATES setting, so that templates/wagtailadmin/widgets/ can replace Wagtail's inline
# scripts (cms/operations/security.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, SQLite file by default.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The embedded SQLite takes concurrent writes (autosave, publish and a registration at the same moment):
# write-ahead log (readers never block the writer), IMMEDIATE transactions (a transaction takes the write
# lock when it starts, so two read-then-write transactions queue instead of failing with "database is
# locked"), and a busy timeout that lets the second writer wait for the first.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": int(env("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: REDIS_URL, local memory by default.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "ehrenamt"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Page cache for anonymous visitors (cms/operations/pagecache.py): upper bound in seconds, 0 switches it off.
# Several processes need a shared cache (REDIS_URL); local memory suits one process.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# Clocks of several hosts may differ this much (tag versions are clock readings).
PAGE_CACHE_CLOCK_MARGIN_MS = int(env("PAGE_CACHE_CLOCK_MARGIN_MS", "1000"))
# A reverse proxy may keep an anonymous page this long (Cache-Control s-maxage); browsers revalidate (304).
PROXY_CACHE_SECONDS = int(env("PROXY_CACHE_SECONDS", "30"))

# E-mail: EMAIL_URL (smtp://user:pass@host:port, smtp+tls://…, console://), console by default.
EMAIL_URL = env("EMAIL_URL", "console://")


def _email_settings(url):

    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme in {"smtp", "smtp+tls", "smtps"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 587 if scheme == "smtp+tls" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtps",
        }
    raise ImproperlyConfigured(f"EMAIL_URL mit unbekanntem Schema: {scheme!r}")


_email = _email_settings(EMAIL_URL)
globals().update(_email)
# The mail queue (cms.operations.mail): with EMAIL_QUEUE on, EMAIL_BACKEND stores each mail as a task in the database
# and `manage.py mail_worker` sends it with EMAIL_DELIVERY_BACKEND, retrying after EMAIL_RETRY_MINUTES.
EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_QUEUE = env_bool("EMAIL_QUEUE", False)
if EMAIL_QUEUE:
    EMAIL_BACKEND = "cms.operations.mail.QueuedEmailBackend"
EMAIL_MAX_ATTEMPTS = int(env("EMAIL_MAX_ATTEMPTS", "8"))
EMAIL_RETRY_MINUTES = [1, 5, 15, 60, 240]
# Sent and abandoned mails (addresses, text) leave the queue table after this many days.
EMAIL_QUEUE_RETENTION_DAYS = int(env("EMAIL_QUEUE_RETENTION_DAYS", "30"))
# Wagtail's own tasks (search index, references) run at once as before; only mail goes to the database queue.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail"]},
    # Partner-calendar imports (netzwerk.import_tasks), run by `manage.py import_worker`.
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["imports"]},
}
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Ehrenamtsbeirat Kyffhäuserkreis <ehrenamt@kyffhaeuser.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "cms.operations.security.CommonWordPasswordValidator"
    },  # German words and our names, padded with digits
]

# Passwords: Django's default hasher (PBKDF2-SHA256, 1,000,000 iterations in Django 5.2).
AUTHENTICATION_BACKENDS = [
    # Refuses locked-out logins before the password is checked. AxesBackend rather than the standalone one:
    # it can also load the user of a session (get_user), which Wagtail's test helpers ask of the first backend.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Security headers (cms.operations.security.SecurityHeadersMiddleware, django-csp) ----------------------------
# The public policy; the admin and /media/ derive theirs from it in cms/operations/security.py. Frames only for the
# two-click video block (static_src/js/site.js creates the iframe after the visitor's click).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests to another host

# --- Brute-force protection of the logins (django-axes) -----------------------------------------------
# 5 failed attempts per username and address lock that pair out for 15 minutes (German page, 429). Attempts
# live in the database, so the lockout holds across app instances; purge_personal_data deletes them after
# LOGIN_ATTEMPT_RETENTION_DAYS. Axes logs a keyed hash instead of username and address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "cms.operations.security.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "cms.operations.security.client_ip"
AXES_CLIENT_STR_CALLABLE = "cms.operations.security.anonymous_client_str"
AXES_ENABLE_ADMIN = False
LOGIN_ATTEMPT_RETENTION_DAYS = int(env("LOGIN_ATTEMPT_RETENTION_DAYS", "1"))
PASSWORD_RESETS_PER_HOUR = int(env("PASSWORD_RESETS_PER_HOUR", "5"))
# The request header that carries the client address behind a proxy (e.g. "HTTP_X_FORWARDED_FOR"); empty: REMOTE_ADDR.
RATELIMIT_CLIENT_IP_HEADER = env("RATELIMIT_CLIENT_IP_HEADER", "")

# Rate limits (cms/forms/ratelimit.py) count in a store all worker processes share, with one atomic step per
# request: "redis" (INCR and EXPIRE in one Lua script; the default when REDIS_URL is set) or "database"
# (an upsert on cms.RateLimitCounter; the default without Redis). Never the process's own memory.
RATELIMIT_STORE = env("RATELIMIT_STORE", "redis" if REDIS_URL else "database")
if RATELIMIT_STORE not in ("redis", "database"):
    raise ImproperlyConfigured(
        f"RATELIMIT_STORE muss 'redis' oder 'database' sein, nicht {RATELIMIT_STORE!r}."
    )
if RATELIMIT_STORE == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("RATELIMIT_STORE=redis braucht REDIS_URL.")

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # addresses in ASCII, German letters written out (cms/content/slugs.py)
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch")]
WAGTAIL_CONTENT_LANGUAGES = [("de", "Deutsch")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    BASE_DIR / "static_src",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads nobody has reviewed yet (cms/forms/private_files.py): outside MEDIA_ROOT, never served by /media/.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
# `manage.py backup` writes a folder per backup here (database, media.tar, manifest.json); see cms/operations/backup.py.
BACKUP_ROOT = Path(env("BACKUP_ROOT", str(BASE_DIR / "backups")))
# Where pg_dump and psql live; empty: the PATH.
POSTGRES_BIN_DIR = env("POSTGRES_BIN_DIR", "")


def _media_storage(kind):
    """Uploaded files: MEDIA_ROOT on this machine ("local"), or an S3-compatible bucket ("s3", with the
    optional extra `pip install .[s3]`; AWS_* variables, AWS_S3_ENDPOINT_URL for providers other than AWS)."""
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind == "s3":
        if find_spec("storages") is None:
            raise ImproperlyConfigured(
                "MEDIA_STORAGE=s3 braucht das Paket django-storages: pip install .[s3]"
            )
        if not env("AWS_STORAGE_BUCKET_NAME"):
            raise ImproperlyConfigured("MEDIA_STORAGE=s3 braucht AWS_STORAGE_BUCKET_NAME.")
        options = {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
            "location": env("AWS_LOCATION", ""),
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "default_acl": env("AWS_DEFAULT_ACL"),
        }
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured(f"MEDIA_STORAGE kennt nur local und s3, nicht {kind!r}.")


MEDIA_STORAGE = env("MEDIA_STORAGE", "local").strip().lower()
STORAGES = {
    "default": _media_storage(MEDIA_STORAGE),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Longer URLs get 414, larger bodies 413, both with a German page (cms.forms.limits).
MAX_URL_LENGTH = int(env("MAX_URL_LENGTH", "4096"))
MAX_REQUEST_BODY_SIZE = int(env("MAX_REQUEST_BODY_SIZE", str(25 * 1024 * 1024)))
CSRF_FAILURE_VIEW = "cms.forms.limits.csrf_failure"  # a form without a valid token: 403 with a German page

WAGTAIL_SITE_NAME = "Ehrenamt im Kyffhäuserkreis"


def _public_base_url(value):
    """The one public address of the site: scheme and host (and a port), no path. Every absolute link is
    built from it (mails, feeds, webcal, sitemap, JSON-LD); the seed sets the Site record from it."""

    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL braucht die Form https://name.example oder http://127.0.0.1:8000, nicht {value!r}."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL nennt nur Schema, Rechner und Port, keinen Pfad: {value!r}."
        )
    default_port = 443 if parts.scheme == "https" else 80
    if parts.scheme == "https" and parts.port not in (None, 443):
        # Wagtail's Site record knows https only on port 443 (any other port becomes http://).
        raise ImproperlyConfigured(f"PUBLIC_BASE_URL mit https geht nur ohne eigenen Port: {value!r}.")
    if parts.scheme == "http" and parts.port == 443:
        raise ImproperlyConfigured(f"PUBLIC_BASE_URL mit Port 443 muss https sein: {value!r}.")
    port = parts.port or default_port
    host = parts.hostname
    return f"{parts.scheme}://{host}" + ("" if port == default_port else f":{port}")


# `make run`'s address by default; production requires https (cms/settings/production.py).
PUBLIC_BASE_URL = _public_base_url(env("PUBLIC_BASE_URL", "http://127.0.0.1:8000"))
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL)
# The database backend (Wagtail 8 keeps it in the modelsearch package): FTS5 on SQLite, on PostgreSQL full text with
# the German configuration. Both index each page's German word forms as well (cms.content.search).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "modelsearch.backends.database",
        "SEARCH_CONFIG": "german",
    }
}
WAGTAIL_TAG_LIMIT = 30
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "ods",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
    "mp4",
    "webm",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Pixel limit for every image, admin and public uploads alike; Pillow refuses to decode above it
# (cms/forms/uploads.py), so that no rendition of an oversized picture can fill the memory.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40 * 1000 * 1000
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.editors.approval.publish_latest_revision"  # the approver's own revision
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# The news index and the search show this many entries per page.
NEWS_PER_PAGE = 10
SEARCH_PER_PAGE = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No personal data in logs: e-mail, phone and IP addresses are masked on every handler (cms/operations/logging.py).
    "filters": {"personal_data": {"()": "cms.operations.logging.MaskPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Django's loggers write through the masked handler too, not through Django's default console.
    "loggers": {
        "django": {"handlers": [], "level": env("LOG_LEVEL", "WARNING"), "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Serve uploaded media from Django (development and tests); production leaves it to the proxy.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

SERVER_TIMING = env_bool("SERVER_TIMING", False)

# Maintenance mode: browsers are asked to retry after this many seconds.
MAINTENANCE_RETRY_AFTER = int(env("MAINTENANCE_RETRY_AFTER", "120"))
MESSAGE_COOKIE_NAME = "messages"
# seed_demo creates the demo admin account (dev and tests only).
SEED_DEMO_ADMIN = False

# Course programme (qualifizierung): personal data of a run is deleted this many days after its last
# session; reminders go out this many days before the first; registrations per hour and connection.
COURSE_DATA_RETENTION_DAYS = int(env("COURSE_DATA_RETENTION_DAYS", "180"))
COURSE_REMINDER_DAYS = int(env("COURSE_REMINDER_DAYS", "3"))
COURSE_REGISTRATIONS_PER_HOUR = int(env("COURSE_REGISTRATIONS_PER_HOUR", "20"))


# --- Netzwerk: submissions ("Veranstaltung melden") and the partner-calendar import -------------------
# Contact data of submitters is deleted this many days after the editors' decision (purge_personal_data).
NETZWERK_SUBMISSION_RETENTION_DAYS = int(env("NETZWERK_SUBMISSION_RETENTION_DAYS", "90"))
NETZWERK_SUBMISSIONS_PER_HOUR = 5
# Open-ended event series are expanded this many days ahead (about 18 months).
NETZWERK_OCCURRENCE_HORIZON_DAYS = int(env("NETZWERK_OCCURRENCE_HORIZON_DAYS", "548"))
# Partner calendars are fetched over https only; http is for tests and development.
PARTNER_IMPORT_ALLOW_HTTP = env_bool("PARTNER_IMPORT_ALLOW_HTTP", False)
# Test only: networks (e.g. ["127.0.0.1/32"]) that may be fetched although private or loopback.
PARTNER_IMPORT_ALLOW_PRIVATE_NETWORKS = []
PARTNER_IMPORT_MAX_BYTES = int(env("PARTNER_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
PARTNER_IMPORT_MAX_EVENTS = int(env("PARTNER_IMPORT_MAX_EVENTS", "3000"))
PARTNER_IMPORT_MAX_SECONDS = int(env("PARTNER_IMPORT_MAX_SECONDS", "300"))  # wall time of one import
PARTNER_IMPORT_TIMEOUT = float(env("PARTNER_IMPORT_TIMEOUT", "10"))
PARTNER_IMPORT_MAX_REDIRECTS = 5


# --- Barrierefreiheit: reports through "Barriere melden" ---------------------------------------------
# Name and e-mail of a reporter are erased this many days after the report was closed (purge_personal_data).
BARRIER_REPORT_RETENTION_DAYS = int(env("BARRIER_REPORT_RETENTION_DAYS", "180"))
# Who is told about a new report (comma-separated addresses); empty: the group "Redaktion" and superusers.
BARRIER_REPORT_RECIPIENTS = env_list("BARRIER_REPORT_RECIPIENTS")
BARRIER_REPORTS_PER_HOUR = 5


# --- Praxisbeispiele: proposals through "Praxisbeispiel vorschlagen" ---------------------------------
# Contact data of proposers is deleted this many days after the decision (purge_personal_data).
PRAXIS_PROPOSAL_RETENTION_DAYS = int(env("PRAXIS_PROPOSAL_RETENTION_DAYS", "90"))
PRAXIS_PROPOSALS_PER_HOUR = 5
PRAXIS_PER_PAGE = 12
PRAXIS_UPLOAD_MAX_BYTES = int(env("PRAXIS_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
