"""Shared core every app uses: contacts, funding purposes and the site-wide settings."""

import time

from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
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
from cms.content.slugs import fill_page_slug, transliterate_slug

# What an address answers to: a route with a public form takes POST too; HEAD answers like GET.
FORM_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def contact_field(help_text: str, verbose_name: str = "Ansprechperson"):
    """A contact person (snippet ``ContactPerson``) a page or an entry names, optional."""
    return models.ForeignKey(
        "cms.ContactPerson",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


def intro_field(max_length: int, help_text: str):
    """The optional introduction of a page, a few sentences above its content or list."""
    return models.TextField("Einleitung", max_length=max_length, blank=True, help_text=help_text)


def per_page_field(items: str, shown_by: str, default: int, maximum: int):
    """How many entries a listing page shows at once, e.g. ("Kurse", "das Programm", 12, 50)."""
    return models.PositiveSmallIntegerField(
        f"{items} je Seite",
        default=default,
        validators=[MinValueValidator(5), MaxValueValidator(maximum)],
        help_text=f"So viele {items} zeigt {shown_by} auf einer Seite (5 bis {maximum}).",
    )


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

    def _set_core_field_defaults(self):
        # Wagtail fills in and checks the slug here before every clean and save: German letters written out.
        fill_page_slug(self)
        super()._set_core_field_defaults()

    def adopt_related(self, loaded, names) -> None:
        """Takes the related objects ``names`` from ``loaded``, a fresh copy of this page or a queryset
        of it (then read with ``select_related(*names)`` in one query), where the ids still match."""
        if isinstance(loaded, models.QuerySet):
            loaded = loaded.select_related(*names).first()
        if loaded is None:
            return
        for name in names:
            if getattr(self, f"{name}_id") == getattr(loaded, f"{name}_id"):
                setattr(self, name, getattr(loaded, name))

    def tags_through(self, tagged_item_model, *ordering) -> list:
        """The page's tags (``tagged_items`` of ``tagged_item_model``): none more when a list view
        prefetched the tagged items, else one query."""
        if "tagged_items" in getattr(self, "_prefetched_objects_cache", {}):
            return [item.tag for item in self.tagged_items.all()]
        items = tagged_item_model.objects.filter(content_object=self).select_related("tag")
        return [item.tag for item in items.order_by(*ordering)]

    def collection_json_ld(self, description: str, request=None) -> dict:
        """schema.org ``CollectionPage`` data of a page that lists others (course programme, library)."""
        return {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": self.title,
            "description": description,
            "inLanguage": "de",
            "url": self.get_full_url(request),
        }

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


class NamedEntry(models.Model):
    """A shared entry the editors pick by its name: a term, organisation, venue or contact person."""

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Term(NamedEntry):
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

    class Meta(NamedEntry.Meta):
        abstract = True

    def clean_fields(self, exclude=None):
        self.slug = transliterate_slug(self.slug)
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self.slug = transliterate_slug(self.slug)
        super().save(*args, **kwargs)


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


class Organisation(index.Indexed, NamedEntry):
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

    class Meta(NamedEntry.Meta):
        verbose_name = "Organisation"
        verbose_name_plural = "Organisationen"


class Venue(index.Indexed, NamedEntry):
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

    class Meta(NamedEntry.Meta):
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


class ContactPerson(index.Indexed, NamedEntry):
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

    class Meta(NamedEntry.Meta):
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

    # The required footer links: (field, link text), in the footer's order.
    FOOTER_PAGES = (
        ("imprint_page", "Impressum"),
        ("privacy_page", "Datenschutz"),
        ("accessibility_page", "Barrierefreiheit"),
        ("contact_page", "Kontakt"),
        ("easy_language_page", "Leichte Sprache"),
        ("sign_language_page", "Gebärdensprache"),
    )

    panels = [
        InlinePanel(
            "navigation_items",
            heading="Hauptnavigation",
            label="Menüpunkt",
            help_text="Die Reihenfolge hier ist die Reihenfolge im Menü. Ziehen Sie Einträge, um sie zu sortieren.",
        ),
        MultiFieldPanel(
            [FieldPanel(name) for name, _label in FOOTER_PAGES],
            heading="Pflichtlinks im Fußbereich",
            help_text="Diese Seiten sind von jeder Seite aus verlinkt. Bitte alle sechs auswählen.",
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "Navigation und Fußbereich"

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().select_related(*(name for name, _label in cls.FOOTER_PAGES))

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
        pairs = [(getattr(self, name), label) for name, label in self.FOOTER_PAGES]
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
