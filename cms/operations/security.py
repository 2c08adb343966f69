"""Security headers on every response and the pieces of the admin login's brute-force protection.

`SecurityHeadersMiddleware` sits right after Django's SecurityMiddleware, outside WhiteNoise and the page
cache, so static files, cached pages, feeds, error pages and the admin all pass through it. It extends
django-csp's middleware with one policy per area, chosen by path and by what the view said about framing:

* public pages (`CONTENT_SECURITY_POLICY` in the settings): scripts, styles, fonts and images only from the
  site itself, no inline script, no `eval`, frames only to the two video hosts of the two-click video block
  (an iframe is created only after the visitor clicks), never framed by anyone. No nonce: the page cache
  keeps public HTML whole, and a nonce in a cached page would be the same for everybody.
* the admin (`/admin/`): as strict for scripts; Wagtail's own inline scripts are replaced by data
  attributes and `static_src/js/admin-csp.js` (see `templates/wagtailadmin/`). Inline *styles* stay allowed
  (Wagtail sets style attributes), images may be `blob:` (upload previews). A view that allows same-origin
  framing (Wagtail's preview and block preview set `X-Frame-Options: SAMEORIGIN`) gets
  `frame-ancestors 'self'`; everything else `'none'` and `X-Frame-Options: DENY`.
* uploaded media (`/media/`): nothing may run (`default-src 'none'; sandbox`), in case a file is ever
  opened directly in the browser.

It also adds `Permissions-Policy` (camera, microphone, geolocation … off). Referrer-Policy,
X-Content-Type-Options, Cross-Origin-Opener-Policy and HSTS come from Django's SecurityMiddleware settings.
"""

import hashlib
import hmac
import json
from datetime import timedelta

from csp.constants import HEADER, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

from cms.forms.ratelimit import RateLimit

ADMIN_PREFIX = "/admin/"
MEDIA_POLICY = {"default-src": [NONE], "sandbox": True, "frame-ancestors": [NONE]}
# The image editor's cropping library (Jcrop) tests for touch support with setAttribute("ontouchstart",
# "return;"): that one no-op handler is allowed by its hash, every other inline handler stays blocked.
NOOP_HANDLER_HASH = "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='"  # sha256 of "return;"
ADMIN_REPLACE = {
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "script-src-attr": ["'unsafe-hashes'", NOOP_HANDLER_HASH],
}
# Features no page of ours uses, off for the page and every frame. Autoplay and fullscreen stay at the
# browser's default ('self' plus what an iframe's `allow` delegates): the video player started by a click needs them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
)


def _public_directives():
    return settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]


def admin_replacements(framable):
    """The directives the admin changes against the public policy: frames also from the site (the preview)."""
    replace = dict(ADMIN_REPLACE)
    replace["frame-src"] = [SELF, *[src for src in _public_directives().get("frame-src", []) if src != SELF]]
    replace["frame-ancestors"] = [SELF] if framable else [NONE]
    return replace


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp with a policy per area (public, admin, media) plus Permissions-Policy and X-Frame-Options."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        path = request.path_info
        framable = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        if settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
            parts.config = MEDIA_POLICY
        elif path.startswith(ADMIN_PREFIX):
            parts.replace = {**admin_replacements(framable), **(parts.replace or {})}
        elif framable:
            parts.replace = {"frame-ancestors": [SELF], **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        if request.path_info.startswith(ADMIN_PREFIX) and response.get("X-Frame-Options") == "SAMEORIGIN":
            # Wagtail renders a preview by running the page's own request through the middleware; that
            # inner pass set the public policy (frame-ancestors 'none'). The preview gets the admin's.
            response.headers.pop(HEADER, None)
        response = super().process_response(request, response)
        response.setdefault("X-Frame-Options", "DENY")
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# --- Brute-force protection of the admin login (django-axes) ---------------------------------------


def client_ip(request):
    """The client's address for django-axes: the same source as cms.forms.ratelimit (RATELIMIT_CLIENT_IP_HEADER)."""
    header = settings.RATELIMIT_CLIENT_IP_HEADER
    address = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR", "")
    return address.split(",")[0].strip() or None


def anonymous_client_str(username, ip_address, user_agent, path_info, request):
    """What django-axes writes into its log lines: a keyed hash instead of username and address."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{username}|{ip_address}".encode(), hashlib.sha256
    ).hexdigest()[:12]
    return f"Anmeldeversuch {digest} auf {path_info}"


def login_locked_out(request, original_response=None, credentials=None):
    """The German page after too many failed logins: 429, the same for existing and unknown accounts."""
    minutes = int(_cool_off().total_seconds() // 60)
    response = TemplateResponse(
        request,
        "cms/login_locked.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(int(_cool_off().total_seconds()))
    return response.render()


def _cool_off():
    cool_off = settings.AXES_COOLOFF_TIME
    return cool_off if isinstance(cool_off, timedelta) else timedelta(hours=float(cool_off))


# --- Password reset requests: at most a few per hour and client ---------------------------------------


def rate_limited(view, name, setting, default):
    """Wrap `view` so that POSTs beyond `setting` (per hour and client) get the German 429 page."""

    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            limit = RateLimit(name, int(getattr(settings, setting)), 3600)
            if not limit.acquire(request).allowed:  # the check is the (atomic) count
                response = TemplateResponse(
                    request,
                    "cms/login_locked.html",
                    {"minutes": 60, "reason": "password_reset"},
                    status=429,
                )
                response["Retry-After"] = "3600"
                return response.render()
        return view(request, *args, **kwargs)

    return wrapped


# --- The admin without inline scripts -------------------------------------------------------------------


def render_chooser_without_inline_script(original_render):
    """Wagtail's chooser widgets end in `<script>new ImageChooser("id", {...})</script>`; this renders the same
    call as a marker element that static_src/js/admin-csp.js starts (see templates/wagtailadmin/)."""

    def render(self, name, value, attrs=None, renderer=None):
        id_ = (attrs or {}).get("id")
        if isinstance(self, AdminTaskChooser) and id_:  # createTaskChooser("id")
            start, options = 'data-csp-init="createTaskChooser"', {}
        elif type(self).render_js_init is BaseChooser.render_js_init and id_:  # new ImageChooser("id", {...})
            start = format_html('data-csp-init="{}" data-csp-new', self.js_constructor)
            options = None
        else:
            return original_render(self, name, value, attrs=attrs, renderer=renderer)
        value_data = self.get_value_data(value)
        if options is None:
            options = self.get_js_init_options(id_, name, value_data)
        return format_html(
            '{}<span hidden {} data-csp-id="{}" data-csp-config="{}"></span>',
            self.render_html(name, value_data, attrs),
            mark_safe(start),
            id_,
            json.dumps(options),
        )

    return render


def install_admin_without_inline_scripts():

    if not getattr(BaseChooser.render, "without_inline_script", False):
        BaseChooser.render = render_chooser_without_inline_script(BaseChooser.render)
        BaseChooser.render.without_inline_script = True


# --- Password rules: Django's list of common passwords is English; this adds German words and our own names ---

COMMON_WORDS = frozenset(
    [
        "passwort",
        "password",
        "kennwort",
        "geheim",
        "geheimnis",
        "hallo",
        "hallihallo",
        "servus",
        "moin",
        "willkommen",
        "start",
        "login",
        "anmelden",
        "benutzer",
        "admin",
        "administrator",
        "test",
        "qwertz",
        "qwertzuiop",
        "qwerty",
        "asdf",
        "asdfgh",
        "asdfghjkl",
        "yxcvbnm",
        "abc",
        "abcdef",
        "schatz",
        "schatzi",
        "liebe",
        "ichliebedich",
        "mausi",
        "maus",
        "hase",
        "baerchen",
        "bärchen",
        "engel",
        "sonne",
        "sonnenschein",
        "blume",
        "prinzessin",
        "sommer",
        "winter",
        "fruehling",
        "frühling",
        "herbst",
        "fussball",
        "fußball",
        "schalke",
        "bayern",
        "borussia",
        "dortmund",
        "deutschland",
        "berlin",
        "computer",
        "internet",
        "daniel",
        "michael",
        "thomas",
        "andreas",
        "stefan",
        "sabine",
        "nicole",
        "julia",
        "thueringen",
        "thüringen",
        "ehrenamt",
        "ehrenamtlich",
        "ehrenamtsbeirat",
        "ehrenamtsagentur",
        "beirat",
        "verein",
        "redaktion",
        "kyffhaeuser",
        "kyffhäuser",
        "kyffhaeuserkreis",
        "kyffhäuserkreis",
        "sondershausen",
        "artern",
        "badfrankenhausen",
        "ebeleben",
        "greussen",
        "greußen",
        "rossleben",
        "roßleben",
        "wagtail",
        "django",
        "feuerwehr",
    ]
)


class CommonWordPasswordValidator:
    """Refuses a password whose letters are only a common German word (or the site's names), repeated or
    padded with digits and signs: "Passwort2026!", "hallohallo12", "Ehrenamt-1234"."""

    def validate(self, password, user=None):

        letters = "".join(ch for ch in password.lower() if ch.isalpha())
        if letters and any(
            letters == word * (len(letters) // len(word))
            for word in COMMON_WORDS
            if len(letters) % len(word) == 0
        ):
            raise ValidationError(
                "Dieses Passwort besteht im Kern aus einem sehr häufigen Wort oder einem Namen dieser Website. "
                "Nehmen Sie besser mehrere zufällige Wörter.",
                code="password_common_word",
            )

    def get_help_text(self):
        return "Ihr Passwort darf nicht im Kern aus einem häufigen Wort oder einem Namen dieser Website bestehen."
