"""Request size limits answered with a German page.

- ``RequestLimitMiddleware`` (early in MIDDLEWARE) refuses a URL longer than ``MAX_URL_LENGTH``
  characters with 414 and a body announced larger than ``MAX_REQUEST_BODY_SIZE`` bytes with 413, before
  anything reads the body. A reverse proxy or gunicorn (request line up to 4094 bytes) usually stops
  such requests first; this is the same rule behind any server.
- ``bad_request`` is the project's ``handler400``: Django raises ``RequestDataTooBig`` (form body over
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``), ``TooManyFieldsSent`` / ``TooManyFilesSent`` and other
  ``SuspiciousOperation`` errors while reading a request; they become 413 or 400 with a German message
  instead of Django's English "Bad Request (400)".
- ``csrf_failure`` (setting CSRF_FAILURE_VIEW) answers a form sent without a valid CSRF token (page
  open too long, cookies blocked) with 403 and a German explanation instead of Django's English page.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.template.response import TemplateResponse

TOO_BIG = (
    "Die gesendeten Daten sind zu groß. Bitte kürzen Sie Ihre Texte oder senden Sie kleinere Dateien; "
    "bei Fragen hilft Ihnen die Ehrenamtsagentur gern weiter."
)
TOO_MANY_FIELDS = "Die Anfrage enthält zu viele Felder oder Dateien und wurde deshalb nicht bearbeitet."
URL_TOO_LONG = "Die Adresse ist zu lang. Bitte kürzen Sie die Suchbegriffe oder Filter."
CSRF_FAILED = (
    "Das Formular konnte nicht angenommen werden, weil das Sicherheitsmerkmal fehlt oder abgelaufen ist. Bitte "
    "laden Sie die Seite mit dem Formular neu und senden Sie es noch einmal. Dafür muss Ihr Browser Cookies "
    "dieser Website erlauben."
)
BAD_REQUEST = "Die Anfrage konnte nicht verstanden werden. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."


def error_page(request, message, status):
    """The site's German error page (templates/error.html) with ``message`` and ``status``."""
    response = TemplateResponse(request, "error.html", {"message": message, "status": status}, status=status)
    response["Cache-Control"] = "no-store"
    return response.render()


def bad_request(request, exception=None):
    """handler400: errors Django raises while reading a request, answered in German."""
    if isinstance(exception, RequestDataTooBig):
        return error_page(request, TOO_BIG, 413)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return error_page(request, TOO_MANY_FIELDS, 400)
    return error_page(request, BAD_REQUEST, 400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: 403 with a German explanation."""
    return error_page(request, CSRF_FAILED, 403)


def announced_body_size(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestLimitMiddleware:
    """414 for an over-long URL, 413 for an over-large announced body; both before the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        max_url = settings.MAX_URL_LENGTH
        url_length = len(request.path_info) + len(request.META.get("QUERY_STRING", ""))
        if url_length > max_url:
            return error_page(request, URL_TOO_LONG, 414)
        if announced_body_size(request) > settings.MAX_REQUEST_BODY_SIZE:
            return error_page(request, TOO_BIG, 413)
        return self.get_response(request)
