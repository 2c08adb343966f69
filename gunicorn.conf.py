"""gunicorn's configuration for production (`gunicorn -c gunicorn.conf.py cms.wsgi:application`).

gunicorn's own logs pass the same masking as Django's (cms.operations.logging.MaskPersonalData: e-mail, phone and
IP addresses become placeholders), so "Invalid request from ip=…" names no client. The access log
format holds no client address, no user and no query string. GUNICORN_ERROR_LOG and GUNICORN_ACCESS_LOG
name files ("-" = stderr / stdout, the defaults; GUNICORN_ACCESS_LOG="" switches the access log off).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))

# Time, method, path (without query), status, bytes, duration in ms: no %(h)s, %(u)s, %(r)s or %(q)s.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def _handler(target, stream):
    if target == "-":
        return {"class": "logging.StreamHandler", "stream": stream, "formatter": "plain", "filters": ["mask"]}
    if not target:
        return {"class": "logging.NullHandler"}
    return {"class": "logging.FileHandler", "filename": target, "formatter": "plain", "filters": ["mask"]}


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask": {"()": "cms.operations.logging.MaskPersonalData"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "class": "logging.Formatter",
        }
    },
    "handlers": {
        "error": _handler(os.environ.get("GUNICORN_ERROR_LOG", "-"), "ext://sys.stderr"),
        "access": _handler(os.environ.get("GUNICORN_ACCESS_LOG", "-"), "ext://sys.stdout"),
    },
    "root": {"level": "WARNING", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
