"""Whole-page cache for anonymous visitors, invalidated precisely by dependency tags.

A response is stored only if the code that rendered it declared what it shows, with
``depends_on(request, "page:12", "news")``. Every tag has a version in the cache (a timestamp token);
an entry remembers the versions it was rendered with, and a hit compares them with the current ones in
one ``get_many``. ``bump("news")`` gives the tag a new version: exactly the entries that used it are
stale, on every instance that shares the cache (Redis). Wagtail pages declare their tags themselves
(see ``declare_page``); apps add what a page type shows or changes with ``register_page`` and
``register_snippet`` in their ``AppConfig.ready()``; listings whose content moves with the clock
bound their lifetime with ``valid_until``.

Tags in use: ``page:<pk>`` (a page's own content), ``tree:<path>`` (title and address of a page, shown in
the breadcrumbs of its descendants), ``children:<path>`` (the child list of a page), ``nav`` (menu and
footer), ``structure`` (addresses anywhere: move, unpublish, delete), topic tags of listings
(``news``, ``events``, ``courses``, ``course:<pk>``, ``course-run:<pk>``, ``library``) and
``snippet:<app.model>:<pk>`` for snippets a page links with a foreign key.

Never stored: requests with a session or messages cookie (logged-in editors), anything but GET,
/admin/ and /django-admin/, non-200 responses, responses that set a cookie (forms with a CSRF token),
``Cache-Control: private/no-store/no-cache``, responses without declared tags, and what a view marks
with ``never_cache(request)``. ``X-Cache: HIT|MISS|BYPASS`` tells which way a response went.

Past this cache: a stored page carries ``ETag`` (a hash of its bytes) and ``Last-Modified`` (the newest
version of the tags it shows, i.e. the last change of anything on it). A conditional request for a stored
page (``If-None-Match``/``If-Modified-Since``) is answered 304 without rendering. ``Cache-Control: public,
max-age=0, must-revalidate, s-maxage=PROXY_CACHE_SECONDS`` lets a reverse proxy keep the page briefly;
every other response through here says ``private`` unless the view chose (README, "Reverse Proxy").
"""

from __future__ import annotations

import hashlib
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from wagtail import hooks
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_published as published_signal
from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

from cms.models import NavigationItem, SiteConfiguration

HEADER = "X-Cache"
ENTRY_PREFIX = "pagecache:entry:"
TAG_PREFIX = "pagecache:tag:"
CHROME_PREFIX = "pagecache:chrome:"
BYPASS_PATHS = ("/admin/", "/django-admin/")
HARMLESS_VARY = {"cookie", "accept-language", "accept-encoding"}
MAX_QUERY_LENGTH = 1000


def cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def clock_margin_ns() -> int:
    """Tag versions are clock readings. A bump less than this before a request started keeps its
    response from being stored, so the clocks of several hosts may differ this much."""
    return settings.PAGE_CACHE_CLOCK_MARGIN_MS * 1_000_000


# --- what rendering code calls ---------------------------------------------------------------------


@dataclass
class _State:
    start_ns: int
    tags: set = field(default_factory=set)
    until: float | None = None
    never: bool = False


# The response being rendered in this thread: blocks in templates included with `only` have no request.
_current: ContextVar[_State | None] = ContextVar("page_cache_state", default=None)


def _state(request) -> _State | None:
    state = getattr(request, "_page_cache_state", None) if request is not None else None
    return state or _current.get()


def depends_on(request, *tags) -> None:
    """Declares that the response to `request` (None: the one being rendered) shows what these tags
    stand for."""
    state = _state(request)
    if state is not None:
        state.tags.update(str(tag) for tag in tags if tag)


def valid_until(request, moment: datetime) -> None:
    """The response must not be served after `moment` (e.g. an upcoming date becomes a past one)."""
    state = _state(request)
    if state is not None:
        stamp = moment.timestamp()
        state.until = stamp if state.until is None else min(state.until, stamp)


def never_cache(request) -> None:
    """The response to `request` is personal or otherwise not to be stored."""
    state = _state(request)
    if state is not None:
        state.never = True


def next_quarter_hour(now: datetime | None = None) -> datetime:
    """The next full quarter hour (dates that start now leave the lists of coming dates)."""
    now = now or timezone.now()
    minutes = 15 - now.minute % 15
    return now.replace(second=0, microsecond=0) + timedelta(minutes=minutes)


# --- tag versions ----------------------------------------------------------------------------------


def _tag_key(tag: str) -> str:
    return TAG_PREFIX + tag


def _initial_token() -> int:
    """Version of a tag never bumped (or evicted): unique to this moment, but older than any request
    running now, so that it does not count as a bump during rendering."""
    return time.time_ns() - 60 * 1_000_000_000 - clock_margin_ns()


def bump(*tags) -> None:
    """New versions for these tags: every stored response that used one of them is stale.

    Done at once (tests, code outside transactions) and once more after the transaction commits, so a
    response rendered from the old rows between the two cannot stay stored.
    """
    keys = {_tag_key(str(tag)) for tag in tags if tag}
    if not keys:
        return

    def write():
        token = time.time_ns()
        cache.set_many(dict.fromkeys(keys, token), timeout=None)

    write()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(write)


def tag_version(*tags) -> str:
    """The current versions of tags as one string, for keys of caches inside a page (e.g. a block)."""
    keys = [_tag_key(tag) for tag in tags]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _initial_token(), timeout=None)
        found.update(cache.get_many(missing))
    return "-".join(str(found.get(key, 0)) for key in keys)


# --- registry: what page types show and change, which snippets matter -------------------------------


@dataclass
class PageRule:
    depends: tuple = ()
    affects: tuple = ()
    private_routes: frozenset = frozenset()
    time_bound: bool = False


_page_rules: dict[type, list[PageRule]] = {}
_snippet_topics: dict[type, set] = {}


def register_page(model, *, depends=(), affects=(), private_routes=(), time_bound=False) -> None:
    """What pages of `model` (and its subclasses) show and what publishing one of them changes.

    `depends` and `affects` hold tags or callables page -> tags. `private_routes` names the methods of a
    routable page whose responses are personal. `time_bound` pages expire at the next quarter hour.
    """
    rule = PageRule(tuple(depends), tuple(affects), frozenset(private_routes), time_bound)
    _page_rules.setdefault(model, []).append(rule)


def register_snippet(model, *topics) -> None:
    """Saving or deleting a `model` instance renews the pages linking it and these listing topics."""
    _snippet_topics.setdefault(model, set()).update(topics)


def _rules_for(page) -> list[PageRule]:
    return [rule for cls in type(page).__mro__ for rule in _page_rules.get(cls, ())]


def _expand(items, page) -> list[str]:
    tags = []
    for item in items:
        if callable(item):
            tags.extend(item(page) or ())
        else:
            tags.append(item)
    return tags


def snippet_tag(obj) -> str:
    return f"snippet:{obj._meta.label_lower}:{obj.pk}"


def _snippet_foreign_keys(model) -> list:
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and any(issubclass(field.related_model, m) for m in _snippet_topics)
    ]


def _ancestor_paths(path: str) -> list[str]:
    """Paths of the page and its ancestors below the tree root (steplen 4)."""
    return [path[:end] for end in range(8, len(path) + 1, 4)]


def declare_page(page, request, serve_args, serve_kwargs):
    """Wagtail hook `before_serve_page`: the tags every page response carries."""
    state = _state(request)
    if state is None:
        return None
    rules = _rules_for(page)
    view = serve_args[0] if serve_args and callable(serve_args[0]) else None
    if view is not None and any(getattr(view, "__name__", "") in rule.private_routes for rule in rules):
        state.never = True
        return None
    tags = {f"page:{page.pk}", f"children:{page.path}", "nav", "structure"}
    tags.update(f"tree:{path}" for path in _ancestor_paths(page.path))
    for fk in _snippet_foreign_keys(type(page)):
        value = getattr(page, fk.attname)
        if value is not None:
            tags.add(f"snippet:{fk.related_model._meta.label_lower}:{value}")
    for rule in rules:
        tags.update(_expand(rule.depends, page))
        if rule.time_bound:
            valid_until(request, next_quarter_hour())
    depends_on(request, *tags)
    return None


# --- what publishing and saving bump ----------------------------------------------------------------


def _chrome_signature(page) -> str:
    return "|".join(str(v) for v in (page.title, page.slug, page.url_path, page.live, page.show_in_menus))


def _referencing_page_tags(obj) -> list[str]:
    """`page:<pk>` of every page that links `obj` (foreign key, StreamField, rich text)."""

    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    return [f"page:{pk}" for pk in ids]


def _in_chrome(page) -> bool:

    if NavigationItem.objects.filter(page_id=page.pk).exists():
        return True
    query = Q()
    for name, _label in SiteConfiguration.FOOTER_PAGES:
        query |= Q(**{f"{name}_id": page.pk})
    return SiteConfiguration.objects.filter(query).exists()


def page_published(sender, instance, **kwargs):
    if not cache_seconds():
        return
    tags = {f"page:{instance.pk}"}
    for rule in _rules_for(instance):
        tags.update(_expand(rule.affects, instance))
    key = CHROME_PREFIX + str(instance.pk)
    signature = _chrome_signature(instance)
    if cache.get(key) != signature:
        tags.update({f"tree:{instance.path}", f"children:{instance.path[:-4]}"})
        tags.update(_referencing_page_tags(instance))
        if _in_chrome(instance):
            tags.add("nav")
        cache.set(key, signature, timeout=None)
    bump(*tags)


def page_structure_changed(sender, instance=None, **kwargs):
    """Unpublished, moved, renamed address or deleted: addresses anywhere may be different."""

    if not cache_seconds() or not isinstance(instance, Page):
        return
    tags = {"structure", f"page:{instance.pk}"}
    for rule in _rules_for(instance):
        tags.update(_expand(rule.affects, instance))
    cache.delete(CHROME_PREFIX + str(instance.pk))
    bump(*tags)


def snippet_changed(sender, instance, **kwargs):
    if not cache_seconds():
        return
    tags = {snippet_tag(instance)}
    for model, topics in _snippet_topics.items():
        if isinstance(instance, model):
            tags.update(topics)
    if instance.pk is not None:
        tags.update(_referencing_page_tags(instance))
    bump(*tags)


def chrome_changed(sender=None, **kwargs):
    if cache_seconds():
        bump("nav")


def sites_changed(sender=None, **kwargs):
    """A site's host name or root page: every address may be different."""
    if cache_seconds():
        bump("structure")


def connect_signals() -> None:
    """Called from CmsConfig.ready(): publishing, moving, deleting pages; menu and footer."""

    hooks.register("before_serve_page", declare_page)
    published_signal.connect(page_published, dispatch_uid="pagecache-published")
    for signal in (page_unpublished, post_page_move, page_slug_changed):
        signal.connect(page_structure_changed, dispatch_uid=f"pagecache-structure-{id(signal)}")
    post_delete.connect(page_structure_changed, dispatch_uid="pagecache-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(sites_changed, sender=Site, dispatch_uid=f"pagecache-site-{id(signal)}")
    for model in (SiteConfiguration, NavigationItem):
        for signal in (post_save, post_delete):
            signal.connect(
                chrome_changed, sender=model, dispatch_uid=f"pagecache-nav-{id(signal)}-{model.__name__}"
            )


def watch_snippets(*models, topics=()) -> None:
    """Connects save and delete of these models to `snippet_changed` and registers their topics.

    Deleting is caught before the rows go, while the reference index still knows the linking pages.
    """

    for model in models:
        register_snippet(model, *topics)
        for signal in (post_save, pre_delete):
            signal.connect(
                snippet_changed,
                sender=model,
                dispatch_uid=f"pagecache-snippet-{id(signal)}-{model._meta.label}",
            )


# --- the middleware ---------------------------------------------------------------------------------


def _cookie_names() -> set[str]:
    return {settings.SESSION_COOKIE_NAME, settings.MESSAGE_COOKIE_NAME}


def entry_key(request) -> str | None:
    """Host, scheme, path and the sorted query string; None when the request is not cacheable."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH:
        return None
    normal = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
    raw = f"{request.scheme}://{host}{request.path}?{normal}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _eligible(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PATHS):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not (_cookie_names() & set(request.COOKIES))


def _storable(request, response, state: _State) -> bool:
    if state.never or not state.tags or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= HARMLESS_VARY


def _versions(tags, start_ns: int) -> dict | None:
    """Current versions of the tags; None if one was bumped while the response was being rendered."""
    keys = [_tag_key(tag) for tag in tags]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _initial_token(), timeout=None)
        found.update(cache.get_many(missing))
    if len(found) < len(keys):
        return None
    if any(int(found[key]) > start_ns - clock_margin_ns() for key in keys):
        return None
    return found


# --- validators and Cache-Control for browsers and reverse proxies ------------------------------------

VALIDATOR_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Expires", "Vary")


def _add_validators(response, versions: dict, timeout: int) -> None:
    """ETag from the bytes, Last-Modified from the newest tag version, a short public life for proxies."""
    response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    newest_ns = max(int(version) for version in versions.values())
    response["Last-Modified"] = http_date(newest_ns // 1_000_000_000)
    proxy_seconds = max(0, min(settings.PROXY_CACHE_SECONDS, timeout))
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True, s_maxage=proxy_seconds)


def _private(response):
    """A response this cache did not store (signed in, a form with a token, an error): no shared copy."""
    if "Cache-Control" not in response:
        patch_cache_control(response, private=True)
    return response


def _not_modified(request, entry) -> bool:
    headers = dict(entry["headers"])
    etag = headers.get("ETag")
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag is not None and (etag in tags or "*" in tags)
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    return since is not None and modified is not None and modified <= since


def _not_modified_response(entry) -> HttpResponse:
    response = HttpResponseNotModified()
    for name, value in entry["headers"]:
        if name in VALIDATOR_HEADERS:
            response[name] = value
    return response


class PageCacheMiddleware:
    """Serves and stores whole responses for anonymous visitors (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        key = entry_key(request) if seconds and _eligible(request) else None
        if key is None:
            return self._mark(_private(self.get_response(request)), "BYPASS")
        entry = cache.get(key)
        if entry is not None and self._fresh(entry):
            if _not_modified(request, entry):
                return self._mark(_not_modified_response(entry), "HIT")
            return self._mark(self._rebuild(entry), "HIT")
        state = _State(start_ns=time.time_ns())
        request._page_cache_state = state
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if not _storable(request, response, state):
            return self._mark(_private(response), "BYPASS")
        now = time.time()
        timeout = seconds if state.until is None else min(seconds, int(state.until - now))
        versions = _versions(sorted(state.tags), state.start_ns) if timeout > 0 else None
        if versions is None:
            return self._mark(_private(response), "BYPASS")
        _add_validators(response, versions, timeout)
        entry = {
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() != HEADER.lower()],
            "content": response.content,
            "versions": versions,
            "until": now + timeout,
        }
        cache.set(key, entry, timeout=timeout)
        if _not_modified(request, entry):
            return self._mark(_not_modified_response(entry), "MISS")
        return self._mark(response, "MISS")

    @staticmethod
    def _fresh(entry) -> bool:
        if entry.get("until", 0) <= time.time():
            return False
        versions = entry["versions"]
        return cache.get_many(list(versions)) == versions

    @staticmethod
    def _rebuild(entry) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        return response

    @staticmethod
    def _mark(response, value):
        if HEADER not in response:
            response[HEADER] = value
        return response
