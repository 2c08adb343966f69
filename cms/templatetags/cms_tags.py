"""Template helpers shared by every page: breadcrumb, JSON-LD, German number formats, list images."""

import json
from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Site

from cms.models import cached_structure
from cms.models import site_chrome as cached_chrome

register = template.Library()


@lru_cache(maxsize=64)
def _image_filter(spec):
    return Filter(spec=spec)


@register.simple_tag
def listing_image(image, spec, **attrs):
    """`{% image %}` for cards in a list whose querysets prefetch `…__renditions`.

    Wagtail's tag parses the filter spec and writes the rendition to the cache on every call, about
    1 ms per image, also when the rendition came with the prefetch. This one takes a prefetched (or
    cached) rendition as it is; only a missing one goes through `get_rendition` (created and cached).
    """
    if not image:
        return ""
    image_filter = image.clean_filter_for_svg(_image_filter(spec))
    try:
        rendition = image.find_existing_rendition(image_filter)
    except image.get_rendition_model().DoesNotExist:
        rendition = get_rendition_or_not_found(image, image_filter)
    return rendition.img_tag(attrs)


@register.simple_tag(takes_context=True)
def breadcrumb_items(context, page):
    """Home page, the ancestors in between and the page itself as {title, url}; empty on the home page.

    Cached until the page structure changes, so a page pays no query for its breadcrumb.
    """

    if page is None or not getattr(page, "pk", None) or page.depth <= 2:
        return []
    request = context.get("request")

    def build():
        pages = [*page.get_ancestors().filter(depth__gt=1).order_by("depth"), page]
        return [
            {"title": item.title, "url": item.get_url(), "full_url": item.get_full_url()} for item in pages
        ]

    if getattr(request, "is_preview", False):
        return build()
    return cached_structure(f"breadcrumb:{page.pk}:{page.path}", build)


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, page):
    items = breadcrumb_items(context, page)
    if not items:
        return ""
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": item["title"],
                "item": item["full_url"],
            }
            for position, item in enumerate(items, start=1)
        ],
    }
    return json_ld(data)


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> block; '<' is escaped so no content can close the tag."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def page_json_ld(context, page):
    getter = getattr(page, "get_json_ld", None)
    if getter is None:
        return ""
    return json_ld(getter(context.get("request")))


@register.filter
def euro(value):
    """12345.5 -> '12.345,50 €'."""
    if value in (None, ""):
        return ""
    text = f"{float(value):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{text} €"


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def site_chrome(context, page=None):
    """Navigation and footer of the current site; the entry of the current page or section is marked."""

    request = context.get("request")
    site = Site.find_for_request(request) if request else Site.objects.filter(is_default_site=True).first()
    if site is None:
        return {"menu": [], "footer_links": [], "footer_text": ""}
    chrome = cached_chrome(site)
    path = getattr(page, "path", "") or ""
    menu = []
    for entry in chrome["menu"]:
        current = ""
        if path and entry["path"] == path:
            current = "page"
        elif path and entry["depth"] > 2 and path.startswith(entry["path"]):
            current = "true"
        menu.append({**entry, "current": current})
    return {**chrome, "menu": menu}


FACET_CHECKBOX = (
    '<div class="kern-form-check"><input class="kern-form-check__checkbox" type="checkbox" name="{0}" '
    'id="f-{0}-{1}" value="{2}"{3}><label class="kern-label" for="f-{0}-{1}">{4} '
    '<span class="facet__count">({5})</span></label></div>'
)


@register.simple_tag
def facet_checkboxes(param, values):
    """The KERN check boxes of one filter facet, each with its count: `values` have key, label, count
    and selected. One Python loop instead of a template loop with a dozen lookups per box (the
    library shows some hundred of them)."""
    checked = mark_safe(" checked")
    return format_html_join(
        "",
        FACET_CHECKBOX,
        (
            (param, number, value.key, checked if value.selected else "", value.label, value.count)
            for number, value in enumerate(values, start=1)
        ),
    )
