"""Shared core every app uses: contacts, funding purposes and the site-wide settings."""

import time

from django.core.cache import cache
from django.db import models
from django.http import HttpResponse
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.content.search import stems_of

# What an address answers to: a route with a public form takes POST too; HEAD answers like GET.
FORM_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def form_route(route):
    """Marks a page route that takes a public form, so that OPTIONS names POST among its methods."""
    route.takes_form_posts = True
    return route


class BasePage(Page):
    """What every page type of the site shares: a date by which an editor checks the content again."""

    review_date = models.DateField(
        "Inhalt prüfen bis",
        null=True,
        blank=True,
        help_text="Ab diesem Tag erscheint die Seite im Dashboard unter „Prüfung fällig“. Leer lassen, "
        "wenn die Seite nicht regelmäßig geprüft werden muss.",
    )

    # Every page type adds its own fields to these; `search_stems` holds the German word forms of them all.
    search_fields = Page.search_fields + [index.SearchField("search_stems")]
    settings_panels = Page.settings_panels + [FieldPanel("review_date")]

    class Meta:
        abstract = True

    def search_stems(self):
        """Stems and compound parts of the page's searchable text, for the site search (cms.content.search)."""
        return stems_of(self)

    def handle_options_request(self, request, *args, **kwargs):
        """OPTIONS names exactly what the address accepts (Wagtail's default lists PUT, PATCH, DELETE)."""
        # Wagtail's hook passes the route's (args, kwargs); a routable page's args are (view, args, kwargs).
        route = args[0] if args else ()
        view = route[0] if route else None
        methods = FORM_METHODS if getattr(view, "takes_form_posts", False) else READ_METHODS
        return HttpResponse(headers={"Allow": ", ".join(methods), "Content-Length": "0"})


class FundingPurpose(models.Model):
    """One of the purposes (a)–(g) of the district's volunteering funding guideline."""

    code = models.CharField(
        "Buchstabe", max_length=1, unique=True, help_text="a bis g, wie in der Förderrichtlinie."
    )
    title = models.CharField("Bezeichnung", max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = "Förderzweck"
        verbose_name_plural = "Förderzwecke"

    def __str__(self):
        return f"({self.code}) {self.title}"


class Term(models.Model):
    """A shared list entry used as a filter (municipality, field of engagement, target group)."""

    name = models.CharField(
        "Bezeichnung", max_length=100, unique=True, help_text="So erscheint der Eintrag im Filter."
    )
    slug = models.SlugField(
        "Kurzname für Adressen",
        max_length=100,
        unique=True,
        help_text="Kleinbuchstaben ohne Leerzeichen, z. B. „bad-frankenhausen“.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(Term):
    """A town or municipality of the district."""

    class Meta(Term.Meta):
        verbose_name = "Gemeinde"
        verbose_name_plural = "Gemeinden"


class FieldOfEngagement(Term):
    """A field of volunteering, e.g. Feuerwehr or Kinder- und Jugendarbeit."""

    class Meta(Term.Meta):
        verbose_name = "Engagementbereich"
        verbose_name_plural = "Engagementbereiche"


class TargetGroup(Term):
    """Whom an offer is for, e.g. Vereinsvorstände or Familien."""

    class Meta(Term.Meta):
        verbose_name = "Zielgruppe"
        verbose_name_plural = "Zielgruppen"


class Organisation(index.Indexed, models.Model):
    """An association, church, initiative or municipality that acts in the network."""

    class Kind(models.TextChoices):
        ASSOCIATION = "verein", "Verein"
        FEDERATION = "verband", "Verband"
        INITIATIVE = "initiative", "Initiative"
        CHURCH = "kirche", "Kirchgemeinde"
        MUNICIPALITY = "kommune", "Gemeinde oder Stadt"
        ADMINISTRATION = "verwaltung", "Verwaltung"
        OTHER = "sonstige", "Sonstige"

    name = models.CharField(
        "Name", max_length=200, help_text="Der vollständige Name, z. B. „Heimatverein Clingen e. V.“"
    )
    kind = models.CharField(
        "Art",
        max_length=20,
        choices=Kind.choices,
        default=Kind.ASSOCIATION,
        help_text="Nach der Art lässt sich filtern.",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="Gemeinde",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text="Wo die Organisation ihren Sitz hat.",
    )
    website = models.URLField(
        "Website", blank=True, help_text="Mit https://, z. B. https://www.heimatverein-clingen.de"
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("municipality"), FieldPanel("website")]

    class Meta:
        ordering = ["name"]
        verbose_name = "Organisation"
        verbose_name_plural = "Organisationen"

    def __str__(self):
        return self.name


class Venue(index.Indexed, models.Model):
    """A place where events and courses happen, with the facts people need to get there."""

    name = models.CharField(
        "Name des Ortes",
        max_length=200,
        help_text="z. B. „Bürgerhaus Artern“ oder „Kyffhäuser-Gymnasium, Aula“",
    )
    street = models.CharField(
        "Straße und Hausnummer", max_length=200, blank=True, help_text="z. B. „Markt 8“"
    )
    postcode = models.CharField(
        "Postleitzahl", max_length=5, blank=True, help_text="Fünf Ziffern, z. B. 99706."
    )
    town = models.CharField(
        "Ort",
        max_length=100,
        blank=True,
        help_text="Der Ort in der Anschrift, z. B. „Sondershausen“ oder der Ortsteil „Seega“.",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="Gemeinde",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
        help_text="Zu welcher Gemeinde des Kreises der Ort gehört; danach filtert der Kalender.",
    )
    public_transport = models.TextField(
        "Anreise mit Bus und Bahn",
        blank=True,
        help_text="Nächste Haltestelle und Linien, z. B. „Bus 41, Haltestelle Markt, 2 Minuten zu Fuß“.",
    )
    step_free_access = models.BooleanField(
        "Stufenloser Zugang",
        default=False,
        help_text="Ankreuzen, wenn man ohne Stufen (oder mit Rampe oder Aufzug) in den Raum kommt.",
    )
    accessible_toilet = models.BooleanField(
        "Barrierefreies WC",
        default=False,
        help_text="Ankreuzen, wenn es eine rollstuhlgerechte Toilette gibt.",
    )
    hearing_loop = models.BooleanField(
        "Induktionsschleife",
        default=False,
        help_text="Ankreuzen, wenn eine Höranlage für Menschen mit Hörgerät vorhanden ist.",
    )
    accessibility_notes = models.TextField(
        "Hinweise zur Barrierefreiheit",
        blank=True,
        help_text="Was Menschen mit Behinderung noch wissen sollten, z. B. „Behindertenparkplatz am Hintereingang“.",
    )
    reviewed = models.BooleanField(
        "Geprüft",
        default=True,
        help_text="Nur geprüfte Orte stehen in der Auswahl von „Veranstaltung melden“. Einen Ort aus einer "
        "Meldung prüft die Redaktion mit der Veranstaltung: Veröffentlichen setzt den Haken.",
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("town")]
    panels = [
        FieldPanel("name"),
        FieldPanel("reviewed"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("town"), FieldPanel("municipality")],
            heading="Anschrift",
        ),
        FieldPanel("public_transport"),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("accessible_toilet"),
                FieldPanel("hearing_loop"),
                FieldPanel("accessibility_notes"),
            ],
            heading="Barrierefreiheit",
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "Veranstaltungsort"
        verbose_name_plural = "Veranstaltungsorte"

    def __str__(self):
        return f"{self.name}, {self.town}" if self.town else self.name

    @property
    def locality(self):
        """ "99706 Sondershausen" """
        return " ".join(part for part in (self.postcode, self.town) if part)

    @property
    def address_line(self):
        """Name, street and town in one line, e.g. for lists and calendar entries."""
        return ", ".join(part for part in (self.name, self.street, self.locality) if part)

    @property
    def accessibility_facts(self):
        """The accessibility features as German words, present ones only."""
        facts = [
            (self.step_free_access, "stufenloser Zugang"),
            (self.accessible_toilet, "barrierefreies WC"),
            (self.hearing_loop, "Induktionsschleife"),
        ]
        return [label for present, label in facts if present]


class ContactPerson(index.Indexed, models.Model):
    """A person to contact, e.g. in the Ehrenamtsagentur; reused on any page."""

    name = models.CharField(
        "Name", max_length=120, help_text="Vor- und Nachname, wie er öffentlich erscheinen soll."
    )
    role = models.CharField("Aufgabe", max_length=150, blank=True, help_text="z. B. „Beratung für Vereine“")
    organisation = models.CharField(
        "Stelle", max_length=200, blank=True, help_text="z. B. „Ehrenamtsagentur des Kyffhäuserkreises“"
    )
    phone = models.CharField("Telefon", max_length=40, blank=True, help_text="Mit Vorwahl, z. B. 03632 741-0")
    email = models.EmailField(
        "E-Mail", blank=True, help_text="Am besten ein Funktionspostfach, z. B. ehrenamt@…"
    )
    address = models.TextField("Anschrift", blank=True, help_text="Straße, PLZ und Ort in getrennten Zeilen.")
    office_hours = models.TextField(
        "Sprechzeiten", blank=True, help_text="Jede Zeit in eine eigene Zeile, z. B. „Dienstag 9–12 Uhr“."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Foto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Freiwillig. Nur mit Einverständnis der Person.",
    )

    search_fields = [index.SearchField("name"), index.SearchField("role"), index.AutocompleteField("name")]
    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading="Erreichbarkeit"),
        FieldPanel("address"),
        FieldPanel("office_hours"),
        FieldPanel("photo"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "Ansprechperson"
        verbose_name_plural = "Ansprechpersonen"

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def phone_href(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        if digits.startswith("0"):
            digits = "+49" + digits[1:]
        return f"tel:{digits}"


@register_setting(icon="cog")
class SiteConfiguration(ClusterableModel, BaseSiteSetting):
    """Main navigation, footer links and contact line of the site."""

    footer_text = models.TextField(
        "Text im Fußbereich",
        blank=True,
        help_text="Erscheint unten auf jeder Seite, z. B. Herausgeber und Anschrift.",
        default="Ehrenamtsbeirat des Kyffhäuserkreises · Landratsamt, Markt 8, 99706 Sondershausen",
    )
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Impressum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Die Seite mit dem Impressum.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Datenschutz",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Die Seite mit der Datenschutzerklärung.",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Erklärung zur Barrierefreiheit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Die Erklärung zur Barrierefreiheit mit dem Weg, Barrieren zu melden.",
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Kontakt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Die Seite mit den Kontaktdaten.",
    )
    easy_language_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Leichte Sprache",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Die Seite mit Informationen in Leichter Sprache.",
    )
    sign_language_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Gebärdensprache",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Die Seite mit dem Video in Deutscher Gebärdensprache.",
    )

    panels = [
        InlinePanel(
            "navigation_items",
            heading="Hauptnavigation",
            label="Menüpunkt",
            help_text="Die Reihenfolge hier ist die Reihenfolge im Menü. Ziehen Sie Einträge, um sie zu sortieren.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("contact_page"),
                FieldPanel("easy_language_page"),
                FieldPanel("sign_language_page"),
            ],
            heading="Pflichtlinks im Fußbereich",
            help_text="Diese Seiten sind von jeder Seite aus verlinkt. Bitte alle sechs auswählen.",
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "Navigation und Fußbereich"

    @classmethod
    def base_queryset(cls):
        return (
            super()
            .base_queryset()
            .select_related(
                "imprint_page",
                "privacy_page",
                "accessibility_page",
                "contact_page",
                "easy_language_page",
                "sign_language_page",
            )
        )

    @cached_property
    def menu(self):
        """The navigation entries with their live pages, in one query."""
        return [
            item
            for item in self.navigation_items.select_related("page").order_by("sort_order")
            if item.page is None or item.page.live
        ]

    @cached_property
    def footer_links(self):
        pairs = [
            (self.imprint_page, "Impressum"),
            (self.privacy_page, "Datenschutz"),
            (self.accessibility_page, "Barrierefreiheit"),
            (self.contact_page, "Kontakt"),
            (self.easy_language_page, "Leichte Sprache"),
            (self.sign_language_page, "Gebärdensprache"),
        ]
        return [(page, label) for page, label in pairs if page is not None and page.live]


STRUCTURE_VERSION_KEY = "site-structure-version"


def structure_version():
    """A token that changes whenever titles, URLs or the tree of live pages may have changed.

    A fresh token is a timestamp, not a counter, so a version key lost from the cache (evicted,
    restarted) can never bring back entries cached under an older version.
    """
    version = cache.get(STRUCTURE_VERSION_KEY)
    if version is None:
        cache.add(STRUCTURE_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(STRUCTURE_VERSION_KEY) or time.time_ns()
    return version


def structure_changed(**kwargs):
    """Invalidates everything cached from the page tree: navigation, footer, breadcrumbs."""
    cache.set(STRUCTURE_VERSION_KEY, time.time_ns(), timeout=None)


def cached_structure(key, build):
    """`build()` cached under `key` until the structure changes (see structure_changed)."""
    full_key = f"structure:{structure_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout=60 * 60 * 24)
    return value


def site_chrome(site):
    """Navigation, footer links and footer text of a site as plain data; no query on a warm cache."""

    def build():
        config = SiteConfiguration.for_site(site)
        return {
            "menu": [
                {
                    "url": item.page.get_url(),
                    "path": item.page.path,
                    "depth": item.page.depth,
                    "text": item.text,
                }
                for item in config.menu
            ],
            "footer_links": [{"url": page.get_url(), "text": label} for page, label in config.footer_links],
            "footer_text": config.footer_text,
        }

    return cached_structure(f"chrome:{site.pk}", build)


class NavigationItem(Orderable):
    """One entry of the main navigation."""

    setting = ParentalKey(SiteConfiguration, related_name="navigation_items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Seite",
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        "Anderer Menütext", max_length=60, blank=True, help_text="Leer lassen, um den Seitentitel zu zeigen."
    )

    panels = [FieldPanel("page"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "Menüpunkt"
        verbose_name_plural = "Menüpunkte"

    @property
    def text(self):
        return self.label or self.page.title


class RateLimitCounter(models.Model):
    """How often one client used one rate-limited purpose in one window (cms.forms.ratelimit, database store)."""

    key = models.CharField(
        "Schlüssel", max_length=120, help_text="Zweck und Prüfsumme des Anschlusses, keine Adresse."
    )
    window_start = models.DateTimeField(
        "Beginn des Zeitfensters", help_text="Ab hier zählt das Zeitfenster, z. B. eine Stunde."
    )
    count = models.PositiveIntegerField(
        "Zahl der Anfragen", default=0, help_text="Anfragen dieses Anschlusses im Zeitfenster."
    )

    class Meta:
        verbose_name = "Zähler der Anfragebegrenzung"
        verbose_name_plural = "Zähler der Anfragebegrenzung"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="cms_ratelimit_key_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="cms_ratelimit_window")]
