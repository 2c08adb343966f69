"""The error pages for faults: the database is away → 503 with a German maintenance page; any other
error → the plain German 500 page. Neither page touches the database.

Django turns an exception into a response at every middleware layer and always asks the root URLconf's
``handler500`` for it, so ``server_error`` (``handler500`` in cms/urls.py) also answers errors raised
outside the view, e.g. when the session or the user is loaded in a middleware. It looks at the exception
being handled (``sys.exc_info()``): a ``django.db.utils.OperationalError`` or ``InterfaceError`` anywhere
in its chain means "database not reachable" (connection refused, server restarting, too many
connections, locked). The answer is 503 with ``Retry-After`` so that browsers, proxies and search
engines try again later. The templates are rendered without the request: no context processor, no site
settings, no navigation, nothing that needs the database; the traceback only goes to the log.
"""

import sys

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(exception) -> bool:
    """True if `exception` or an exception it was raised from or during is a database connection error."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def _page(template_name, status):
    response = HttpResponse(loader.render_to_string(template_name), status=status)
    response["Cache-Control"] = "no-store"
    return response


def maintenance_response():
    response = _page("maintenance.html", 503)
    response["Retry-After"] = str(settings.MAINTENANCE_RETRY_AFTER)
    return response


def server_error(request, *args, **kwargs):
    """handler500: 503 and the maintenance page while the database is away, else the 500 page."""
    if database_unavailable(sys.exc_info()[1]):
        return maintenance_response()
    return _page("500.html", 500)
