"""The footer link "Barriere melden": the report form of the site's statement, with the current page."""

from urllib.parse import urlencode

from django import template
from wagtail.models import Site

from barrierefreiheit.models import AccessibilityStatementPage
from cms.models import cached_structure

register = template.Library()


def _report_url(site):
    """The address of the form, cached with the page structure: no query on a warm cache."""

    def build():
        statement = (
            AccessibilityStatementPage.objects.live().descendant_of(site.root_page, inclusive=True).first()
        )
        # cached_structure does not store None; "" means "no statement on this site".
        return statement.report_url if statement is not None else ""

    return cached_structure(f"barrier-report-url:{site.pk}", build)


@register.simple_tag(takes_context=True)
def barrier_report_link(context):
    """The form's address with `?seite=` set to the current path, or "" when the site has no statement."""

    request = context.get("request")
    if request is None:
        return ""
    site = Site.find_for_request(request)
    if site is None:
        return ""
    url = _report_url(site)
    if not url:
        return ""
    path = request.path
    if path.startswith(url):
        return url
    return f"{url}?{urlencode({'seite': path})}"
