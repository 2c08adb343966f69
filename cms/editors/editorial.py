"""Editorial safety: what Wagtail does not do on its own.

- ``usage_places``: the delete and unpublish confirmations of Wagtail only say "referenced N times"; the
  template ``wagtailadmin/shared/usage_summary.html`` (overridden in ``templates/``) lists the places
  themselves with this function: the page or setting, its type, the field and a link to edit it.
  Site settings ("Navigation und Fußbereich") are registered in the reference index in ``cms/apps.py``.
- ``PrefixRedirectMiddleware``: Wagtail creates a redirect for every page (and descendant) whose URL
  changes by renaming or moving (``WAGTAILREDIRECTS_AUTO_CREATE``), but only for the page's own path.
  Sub-paths of routable pages (an event's ``ical/``, a course run's ``anmelden/``) under the old prefix
  would answer 404. This middleware (it replaces Wagtail's in ``MIDDLEWARE``, same place) falls back to
  the longest old path that is a prefix of the requested one and redirects to the page's new URL plus
  the rest of the path.
"""

from urllib.parse import urlsplit

from django import http
from django.db.models import F
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.contrib.redirects.middleware import RedirectMiddleware
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ReferenceIndex, Site

USAGE_LIMIT = 10


def usage_places(obj, user, limit=USAGE_LIMIT):
    """Where ``obj`` is used, as dicts (label, kind, fields, edit_url); at most ``limit`` places.

    Needs one query for the index and one per place shown, so at most ``limit + 1``.
    """

    if obj is None or getattr(obj, "pk", None) is None:
        return []
    finder = AdminURLFinder(user)
    places = []
    for position, (source, references) in enumerate(
        ReferenceIndex.get_references_to(obj).group_by_source_object()
    ):
        if position >= limit:
            break
        edit_url = finder.get_edit_url(source)
        kind = references[0].model_name
        places.append(
            {
                "label": str(source) if edit_url else f"(nicht freigegeben: {kind})",
                "kind": kind[:1].upper() + kind[1:],
                "fields": sorted({str(reference.describe_source_field()) for reference in references}),
                "edit_url": edit_url or "",
            }
        )
    return places


class PrefixRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, plus sub-paths below the old address of a renamed or moved page."""

    max_depth = 12

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.status_code != 404:
            return response
        redirect_to = self.prefix_redirect(request)
        return redirect_to or response

    def prefix_redirect(self, request):
        path = request.path
        if "\0" in path or not path.startswith("/"):
            return None
        segments = [segment for segment in path.split("/") if segment]
        if len(segments) < 2 or len(segments) > self.max_depth:
            return None
        # Every proper prefix, longest first: /a/b/c -> /a/b, /a (paths as Wagtail stores them).
        prefixes = ["/" + "/".join(segments[:length]) for length in range(len(segments) - 1, 0, -1)]
        site = Site.find_for_request(request)
        candidates = {
            redirect.old_path: redirect
            for redirect in Redirect.get_for_site(site)
            .filter(old_path__in=prefixes, redirect_page__isnull=False)
            .select_related("redirect_page")
            # a site-specific redirect (site set, so sorted last) wins over one for all sites
            .order_by(F("site_id").asc(nulls_first=True))
        }
        for prefix in prefixes:
            redirect = candidates.get(prefix)
            if redirect is None:
                continue
            target = redirect.link
            if not target:
                return None
            rest = "/".join(segments[prefix.count("/") :])
            new_path = target.rstrip("/") + "/" + rest + ("/" if path.endswith("/") else "")
            if urlsplit(new_path).path == path:
                # The page lives at its old address again (renamed back): redirecting would loop.
                return None
            query = urlsplit(request.get_full_path()).query
            if query:
                new_path += "?" + query
            response_class = (
                http.HttpResponsePermanentRedirect if redirect.is_permanent else http.HttpResponseRedirect
            )
            return response_class(new_path)
        return None
