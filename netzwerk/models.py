"""The network calendar's pages: events and the calendar page with its routes.

The date engine (rules, exceptions, occurrences) lives in ``termine``; an event is a
``PlacedDatedPageMixin`` page and registers itself as a calendar type (``termine.entries``).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.content.routes import public_form_routes, to_view
from cms.forms.submissions import CONTACT_FIELDS, SubmissionContact, read_only_panels
from cms.models import BasePage, Term, contact_field, intro_field, per_page_field
from cms.privacy import retention_days  # noqa: F401 (netzwerk.services imports it from here)
from netzwerk.blocks import EventDescriptionBlocks
from netzwerk.structured_data import event_json_ld
from termine.entries import CalendarEntry
from termine.models import (  # noqa: F401 (names other modules of netzwerk import from here)
    DATE_PANELS,
    AttendanceMode,
    DateException,
    DateRule,
    EventStatus,
    Occurrence,
    PlacedDatedPageMixin,
    place_panel,
)

EVENT_PAGE_DATES = 20  # dates listed on an event page before "weitere Termine"


class EventCategory(Term):
    """A kind of event, e.g. Stammtisch, Fest or Weiterbildung; a filter in the calendar."""

    class Meta(Term.Meta):
        verbose_name = "Veranstaltungsart"
        verbose_name_plural = "Veranstaltungsarten"


class EventPage(RoutablePageMixin, PlacedDatedPageMixin, BasePage):
    """An event in the network calendar: what, when, where, for whom, and how to take part."""

    teaser = models.TextField(
        "Kurztext",
        max_length=300,
        help_text="Ein, zwei Sätze; erscheinen im Kalender, im RSS-Feed und im Abo.",
    )
    description = StreamField(
        EventDescriptionBlocks(),
        verbose_name="Beschreibung",
        blank=True,
        help_text="Was erwartet die Gäste? Fügen Sie mit dem Plus-Zeichen Text, Bilder und mehr hinzu.",
    )
    category = models.ForeignKey(
        EventCategory,
        verbose_name="Veranstaltungsart",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="Nach der Art filtert der Kalender. Neue Arten legen Sie unter „Schnipsel“ an.",
    )
    target_groups = ParentalManyToManyField(
        "cms.TargetGroup",
        verbose_name="Zielgruppen",
        blank=True,
        related_name="events",
        help_text="Für wen die Veranstaltung gedacht ist.",
    )
    organiser = models.ForeignKey(
        "cms.Organisation",
        verbose_name="Veranstalter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="Der Verein oder die Stelle, die einlädt. Neue Organisationen unter „Stammdaten“.",
    )
    is_free = models.BooleanField(
        "Kostenlos", default=True, help_text="Ankreuzen, wenn die Teilnahme nichts kostet."
    )
    cost = models.CharField(
        "Kosten",
        max_length=200,
        blank=True,
        help_text="Nur wenn etwas zu zahlen ist, z. B. „5 Euro, ermäßigt 3 Euro“.",
    )
    registration_url = models.URLField(
        "Anmeldung über diese Adresse", blank=True, help_text="Mit https://, wenn man sich online anmeldet."
    )
    registration_text = models.TextField(
        "Hinweise zur Anmeldung",
        blank=True,
        max_length=500,
        help_text="z. B. „Anmeldung bis 1. März bei der Ehrenamtsagentur“. Leer: keine Anmeldung nötig.",
    )
    contact = contact_field("Wer Fragen zur Veranstaltung beantwortet.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Bild",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Erscheint oben auf der Seite und in den Feeds. Was es zeigt, schreiben Sie in das Feld "
        "„Alternativtext des Bildes“ darunter.",
    )
    image_alt = models.CharField(
        "Alternativtext des Bildes",
        max_length=250,
        blank=True,
        help_text="Beschreiben Sie kurz, was zu sehen ist. Leer lassen, wenn das Bild nur schmückt.",
    )
    search_fields = BasePage.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("description"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.RelatedFields("venue", [index.SearchField("name"), index.SearchField("town")]),
        index.RelatedFields("municipality", [index.SearchField("name")]),
        index.RelatedFields("organiser", [index.SearchField("name")]),
        index.FilterField("date_status"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("date_status"),
        *DATE_PANELS,
        place_panel("Veranstaltungsort", "die Veranstaltung", "Adresse der Online-Veranstaltung"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("organiser"),
            ],
            heading="Art, Zielgruppen und Veranstalter",
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldPanel("cost"),
                FieldPanel("registration_url"),
                FieldPanel("registration_text"),
                FieldPanel("contact"),
            ],
            heading="Kosten und Anmeldung",
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Bild"),
        FieldPanel("description"),
    ]

    parent_page_types = ["netzwerk.CalendarPage"]
    subpage_types = []
    exclude_fields_in_copy = ["ical_uid", "sequence"]

    class Meta:
        verbose_name = "Veranstaltung"
        verbose_name_plural = "Veranstaltungen"

    venue_label = "Veranstaltungsort"

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.is_free and self.cost:
            errors["cost"] = ["Eine kostenlose Veranstaltung hat keine Kosten. Bitte eins von beiden ändern."]
        if errors:
            raise ValidationError(errors)

    # --- what the page shows ---

    def rule_list(self):
        return list(self.date_rules.all().order_by("sort_order", "pk"))

    def upcoming_occurrences(self, now=None):
        return self.page_occurrences().upcoming(now)

    def next_occurrence(self, now=None):
        """The next date not yet over; the last one when all are past; None without dates."""
        upcoming = self.upcoming_occurrences(now).first()
        if upcoming is not None:
            return upcoming
        return self.page_occurrences().past(now).first()

    RELATED = ("venue", "organiser", "category", "municipality", "contact", "image")

    def load_related(self) -> None:
        """The snippets the page shows, in one query (two with the target groups), not one each."""
        if getattr(self, "_related_loaded", False) or self.pk is None:
            return
        self.adopt_related(type(self).objects.filter(pk=self.pk), self.RELATED)
        self.target_group_list = list(self.target_groups.all()) if self.pk else []
        self._related_loaded = True

    def upcoming_list(self, limit: int = 21, now=None) -> list:
        """The next dates (cached per request so the page and its JSON-LD share one query)."""
        cache = self.__dict__.setdefault("_upcoming_cache", {})
        if (limit, now) not in cache:
            cache[(limit, now)] = list(self.upcoming_occurrences(now)[:limit])
        return cache[(limit, now)]

    def get_context(self, request, *args, **kwargs):
        self.load_related()
        context = super().get_context(request, *args, **kwargs)
        upcoming = self.upcoming_list(EVENT_PAGE_DATES + 1)
        context["upcoming"] = upcoming[:EVENT_PAGE_DATES]
        context["more_upcoming"] = len(upcoming) > EVENT_PAGE_DATES
        context["rules"] = self.rule_list()
        context["calendar_page"] = self.get_parent()
        return context

    @path("")
    def index_route(self, request):
        return to_view("netzwerk.views.event_page", request, self)

    @path("ical/", name="ical")
    def ical_route(self, request):
        return to_view("netzwerk.views.event_ical", request, self)

    # --- the calendar adapter (termine.entries.CalendarEntrySource) ---

    CALENDAR_FIELDS = (
        "id",
        "title",
        "url_path",
        "teaser",
        "attendance_mode",
        "is_free",
        "venue__name",
        "venue__street",
        "venue__postcode",
        "venue__town",
        "municipality__name",
        "organiser__name",
        "category__name",
    )

    @classmethod
    def calendar_queryset(cls):
        """What ``calendar_summary`` reads, and nothing more (a month lists a hundred events)."""
        related = ("venue", "municipality", "organiser", "category")
        return cls.objects.select_related(*related).only(*cls.CALENDAR_FIELDS, *related)

    def calendar_summary(self, request=None):
        return CalendarEntry(
            page_id=self.pk,
            title=self.title,
            url=self.get_url(request),
            teaser=self.teaser,
            place=self.place_text,
            municipality=self.municipality.name if self.municipality else "",
            organiser=self.organiser.name if self.organiser else "",
            category=self.category.name if self.category else "",
            online=self.is_online,
            free=self.is_free,
            kind="Veranstaltung",
        )

    @classmethod
    def calendar_filter_q(cls, filters) -> Q | None:
        q = cls.place_filter_q(filters)
        if filters.category is not None:
            q &= Q(page__eventpage__category=filters.category)
        if filters.target_group is not None:
            q &= Q(page__eventpage__target_groups=filters.target_group)
        if filters.organiser is not None:
            q &= Q(page__eventpage__organiser=filters.organiser)
        if filters.free:
            q &= Q(page__eventpage__is_free=True)
        if filters.text:
            q &= Q(page__title__icontains=filters.text) | Q(page__eventpage__teaser__icontains=filters.text)
        return q

    # --- structured data ---

    def get_json_ld(self, request=None):
        return event_json_ld(self, request)


class CalendarPage(RoutablePageMixin, BasePage):
    """The network calendar: upcoming dates, month grid, day view, archive, filters and feeds."""

    intro = intro_field(500, "Ein, zwei Sätze über dem Kalender, z. B. wer Termine melden kann.")
    per_page = per_page_field("Termine", "die Liste", default=30, maximum=100)

    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["netzwerk.EventPage", "home.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = "Kalender"
        verbose_name_plural = "Kalender"

    @path("", name="list")
    def list_route(self, request):
        return to_view("netzwerk.views.upcoming_list", request, self)

    @path("monat/<int:year>/<int:month>/", name="month")
    def month_route(self, request, year, month):
        return to_view("netzwerk.views.month_view", request, self, year, month)

    @path("monat/", name="this_month")
    def this_month_route(self, request):
        return to_view("netzwerk.views.month_view", request, self, None, None)

    @path("tag/<str:day>/", name="day")
    def day_route(self, request, day):
        return to_view("netzwerk.views.day_view", request, self, day)

    @path("archiv/", name="archive")
    def archive_route(self, request):
        return to_view("netzwerk.views.archive", request, self)

    @path("ical/", name="ical")
    def ical_route(self, request):
        return to_view("netzwerk.views.calendar_ical", request, self)

    @path("rss/", name="rss")
    def rss_route(self, request):
        return to_view("netzwerk.views.rss", request, self)

    # --- "Veranstaltung melden" (netzwerk.views, netzwerk.services) ---

    submit_route, submit_thanks_route = public_form_routes(
        "melden", "submit", "netzwerk.views.submit", "netzwerk.views.submit_thanks"
    )

    @property
    def submit_url(self):
        return self.url + self.reverse_subpage("submit")


# --- submissions by associations ("Veranstaltung melden") and the partner-calendar import ------------
# - ``EventSubmission``: the submitter's personal data for a submitted event, kept apart from the draft
#   ``EventPage`` and deleted ``NETZWERK_SUBMISSION_RETENTION_DAYS`` after the editors' decision
#   (published, rejected or deleted), or after submission when nobody ever decided.
# - ``PartnerEvent``: which partner event (organisation + iCalendar UID) became which ``EventPage``, with
#   the partner's change marks (LAST-MODIFIED / DTSTAMP, SEQUENCE) so a re-import updates only when newer.
# - ``ImportRun``: the report of one import, as editors see it.
# The decision signals (``netzwerk.services``) and the retention policy are connected in
# ``NetzwerkConfig.ready()``.

RETENTION_LABEL = "Kontaktdaten zu gemeldeten Veranstaltungen"


class Decision(models.TextChoices):
    OPEN = "", "noch offen"
    PUBLISHED = "published", "veröffentlicht"
    REJECTED = "rejected", "abgelehnt"
    DELETED = "deleted", "Entwurf gelöscht"


class EventSubmission(SubmissionContact):
    """Who submitted an event through "Veranstaltung melden": contact data for the editors, deleted later."""

    page = models.OneToOneField(
        "netzwerk.EventPage",
        verbose_name="Entwurf",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
        help_text="Der Entwurf der Veranstaltung, der aus der Meldung entstand. Leer, wenn er gelöscht wurde.",
    )
    event_title = models.CharField(
        "Titel der Meldung",
        max_length=255,
        help_text="Der Titel, wie er gemeldet wurde; bleibt lesbar, auch wenn der Entwurf gelöscht ist.",
    )
    organiser_name = models.CharField(
        "Veranstalter laut Meldung", max_length=200, blank=True, help_text="So hat die Person ihn genannt."
    )
    decision = models.CharField(
        "Entscheidung",
        max_length=20,
        blank=True,
        default=Decision.OPEN,
        choices=Decision.choices,
        help_text="Die erste Entscheidung der Redaktion über die Meldung.",
    )

    retention_setting = "NETZWERK_SUBMISSION_RETENTION_DAYS"

    panels = read_only_panels(
        "page",
        "event_title",
        "organiser_name",
        *CONTACT_FIELDS,
        "decision",
        help_texts={
            "name": "Wer die Veranstaltung gemeldet hat.",
            "created_at": "Zeitpunkt der Meldung.",
            "decided_at": "Wann die Redaktion veröffentlicht, abgelehnt oder gelöscht hat; ab dann läuft die "
            "Löschfrist.",
        },
    )

    class Meta(SubmissionContact.Meta):
        verbose_name = "Gemeldete Veranstaltung (Kontaktdaten)"
        verbose_name_plural = "Gemeldete Veranstaltungen (Kontaktdaten)"

    def __str__(self):
        return f"Terminvorschlag #{self.pk}: {self.event_title}"


class PartnerEvent(models.Model):
    """A partner's event (its iCalendar UID) and the draft event it became, with the partner's change marks."""

    organisation = models.ForeignKey(
        "cms.Organisation",
        verbose_name="Partner",
        on_delete=models.CASCADE,
        related_name="partner_events",
        help_text="Die Organisation, aus deren Kalender der Termin stammt.",
    )
    uid = models.CharField(
        "UID beim Partner", max_length=255, help_text="Die Kennung (UID) des Termins im Partnerkalender."
    )
    page = models.OneToOneField(
        "netzwerk.EventPage",
        verbose_name="Veranstaltung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_event",
        help_text="Leer, wenn die Redaktion die Veranstaltung gelöscht hat: dann wird sie nicht neu angelegt.",
    )
    source = models.CharField(
        "Quelle", max_length=500, blank=True, help_text="Adresse oder Dateiname des Partnerkalenders."
    )
    last_modified = models.DateTimeField(
        "Zuletzt geändert beim Partner",
        null=True,
        blank=True,
        help_text="LAST-MODIFIED (sonst DTSTAMP) des Termins beim letzten übernommenen Stand.",
    )
    sequence = models.PositiveIntegerField(
        "Änderungsnummer beim Partner", default=0, help_text="SEQUENCE des letzten übernommenen Stands."
    )
    content_hash = models.CharField(
        "Prüfsumme", max_length=64, blank=True, help_text="Erkennt Stände ohne inhaltliche Änderung."
    )
    imported_at = models.DateTimeField("Zuerst übernommen", default=timezone.now)
    updated_at = models.DateTimeField("Zuletzt übernommen", default=timezone.now)

    class Meta:
        verbose_name = "Termin aus einem Partnerkalender"
        verbose_name_plural = "Termine aus Partnerkalendern"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "uid"], name="netzwerk_partner_event_uid"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.uid}"


class ImportStatus(models.TextChoices):
    WAITING = "waiting", "wartet"
    RUNNING = "running", "läuft"
    DONE = "done", "fertig"
    FAILED = "failed", "fehlgeschlagen"


class ImportRun(models.Model):
    """The report of one import of a partner calendar: what was imported, updated, skipped or refused."""

    created_at = models.DateTimeField("Zeitpunkt", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Ausgelöst von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leer bei einem Import über die Kommandozeile.",
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        verbose_name="Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Die Organisation, deren Kalender übernommen wurde.",
    )
    source = models.CharField("Quelle", max_length=500, help_text="Adresse oder Dateiname.")
    created = models.PositiveIntegerField("Neu angelegt", default=0)
    updated = models.PositiveIntegerField("Aktualisiert", default=0)
    skipped = models.PositiveIntegerField("Übersprungen", default=0)
    refused = models.PositiveIntegerField("Abgelehnt", default=0)
    error = models.TextField(
        "Fehler", blank=True, help_text="Warum der Kalender als Ganzes nicht übernommen wurde."
    )
    entries = models.JSONField("Einträge", default=list, blank=True, help_text="Ein Eintrag je Termin.")
    status = models.CharField(
        "Stand",
        max_length=10,
        choices=ImportStatus.choices,
        default=ImportStatus.DONE,
        help_text="Wartet, läuft, fertig oder fehlgeschlagen.",
    )
    processed = models.PositiveIntegerField(
        "Bearbeitete Termine", default=0, help_text="Bisher gelesene Termine."
    )
    total = models.PositiveIntegerField("Termine insgesamt", default=0, help_text="Termine in der Datei.")
    started_at = models.DateTimeField("Begonnen", null=True, blank=True, help_text="Beginn des Imports.")
    finished_at = models.DateTimeField("Beendet", null=True, blank=True, help_text="Ende des Imports.")
    url = models.CharField("Adresse", max_length=500, blank=True, help_text="Die abzurufende Adresse.")
    upload = models.BinaryField(
        "Hochgeladene Datei",
        null=True,
        blank=True,
        editable=False,
        help_text="Wird nach dem Import gelöscht.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Import eines Partnerkalenders"
        verbose_name_plural = "Importe von Partnerkalendern"

    def __str__(self):
        return f"{timezone.localtime(self.created_at):%d.%m.%Y %H:%M} – {self.source}"

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.WAITING, ImportStatus.RUNNING)
