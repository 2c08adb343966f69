"""The accessibility statement, barrier reports, and the pages in Leichte Sprache and Gebärdensprache.

Legal frame: ThürBarrWebG and ThürBITVO refer to BITV 2.0, which refers to EN 301 549 (WCAG 2.1 AA).
BITV 2.0 § 4 with Anlage 2 asks for explanations in Leichte Sprache and Deutsche Gebärdensprache on the
start page; both page types model its four items as required fields so none can be forgotten.
"""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from barrierefreiheit.media import DURATION_PATTERN, read_duration, video_extension, video_facts
from cms.content.routes import public_form_routes
from cms.models import BasePage, contact_field

# Rich text of the easy-language slots: few features, so the text stays simple.
EASY_FEATURES = ["bold", "ul", "link"]
REPORT_ANSWER_MONTHS = 1


class ConformanceStatus(models.TextChoices):
    FULL = "vollstaendig", "vollständig vereinbar"
    PARTIAL = "teilweise", "teilweise vereinbar"
    NONE = "nicht", "nicht vereinbar"


class AssessmentMethod(models.TextChoices):
    SELF = "selbstbewertung", "Selbstbewertung"
    BITV_TEST = "bitv-test", "BITV-Test (Prüfung durch eine Prüfstelle)"
    EXTERNAL = "fremdpruefung", "Prüfung durch eine andere externe Stelle"


class BarrierReason(models.TextChoices):
    NOT_YET = "nicht-vereinbar", "Noch nicht barrierefrei – wir arbeiten daran"
    DISPROPORTIONATE = "unverhaeltnismaessig", "Unverhältnismäßige Belastung"
    OUT_OF_SCOPE = "ausserhalb", "Nicht im Anwendungsbereich der Vorschriften"


class AccessibilityStatementPage(RoutablePageMixin, BasePage):
    """The accessibility statement (Erklärung zur Barrierefreiheit) with the form "Barriere melden"."""

    intro = models.TextField(
        "Einleitung",
        help_text="Ein bis drei Sätze: wer sich verpflichtet und nach welchem Gesetz.",
    )
    conformance_status = models.CharField(
        "Stand der Vereinbarkeit",
        max_length=20,
        choices=ConformanceStatus.choices,
        default=ConformanceStatus.PARTIAL,
        help_text="Wie weit die Website die Anforderungen der BITV 2.0 erfüllt, laut letzter Prüfung.",
    )
    scope = models.TextField(
        "Geltungsbereich",
        help_text="Für welche Website oder welche Teile die Erklärung gilt, z. B. mit Adresse.",
    )
    assessment_date = models.DateField(
        "Datum der letzten Prüfung",
        help_text="Wann die Barrierefreiheit zuletzt bewertet wurde.",
    )
    assessment_method = models.CharField(
        "Art der Prüfung",
        max_length=20,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
        help_text="Selbstbewertung oder Prüfung durch eine unabhängige Stelle.",
    )
    assessment_details = models.TextField(
        "Angaben zur Prüfung",
        blank=True,
        help_text="Freiwillig: womit und wie geprüft wurde, z. B. Werkzeuge, Screenreader, Prüfstelle.",
    )
    statement_date = models.DateField(
        "Erklärung erstellt am",
        help_text="Datum, an dem diese Erklärung erstellt oder zuletzt überarbeitet wurde.",
    )
    statement_review_date = models.DateField(
        "Erklärung überprüfen bis",
        null=True,
        blank=True,
        help_text="Leer lassen: ein Jahr nach der letzten Prüfung. Ab diesem Tag erinnert das Dashboard "
        "daran, die Erklärung zu überprüfen.",
    )
    feedback_text = models.TextField(
        "Text zu Rückmeldungen",
        help_text="Wie man Barrieren meldet und wie schnell wir antworten. Der Link zum Formular "
        "„Barriere melden“ erscheint automatisch darunter.",
    )
    contact = contact_field(
        "Wer Meldungen zur Barrierefreiheit bearbeitet; erscheint mit Telefon und E-Mail."
    )
    enforcement_text = models.TextField(
        "Text zum Durchsetzungsverfahren",
        help_text="Wann man sich an die Durchsetzungsstelle wenden kann und was das kostet.",
    )
    enforcement_name = models.CharField(
        "Durchsetzungsstelle",
        max_length=250,
        help_text="Name der Stelle für das Durchsetzungsverfahren in Thüringen.",
    )
    enforcement_url = models.URLField(
        "Adresse der Durchsetzungsstelle",
        help_text="Die Internetseite der Durchsetzungsstelle, mit https://.",
    )

    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("scope")]
    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("conformance_status"), FieldPanel("scope")],
            heading="Stand der Vereinbarkeit",
        ),
        InlinePanel(
            "barriers",
            heading="Bekannte Barrieren",
            label="Barriere",
            help_text="Was nicht barrierefrei ist, warum, und wie man trotzdem an die Inhalte kommt.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("assessment_date"),
                FieldPanel("assessment_method"),
                FieldPanel("assessment_details"),
                FieldPanel("statement_date"),
                FieldPanel("statement_review_date"),
            ],
            heading="Erstellung und Prüfung",
        ),
        MultiFieldPanel([FieldPanel("feedback_text"), FieldPanel("contact")], heading="Rückmeldung"),
        MultiFieldPanel(
            [FieldPanel("enforcement_text"), FieldPanel("enforcement_name"), FieldPanel("enforcement_url")],
            heading="Durchsetzungsverfahren",
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Erklärung zur Barrierefreiheit"
        verbose_name_plural = "Erklärungen zur Barrierefreiheit"

    def save(self, *args, **kwargs):
        if self.statement_review_date is None and self.assessment_date is not None:
            self.statement_review_date = self.assessment_date + relativedelta(years=1)
        super().save(*args, **kwargs)

    @cached_property
    def barrier_list(self):
        return list(self.barriers.all())

    @property
    def report_url(self):
        return self.url + self.reverse_subpage("report")

    # The views live in views.py, which imports this module: named by dotted path, so imports run one way.
    report_route, report_thanks_route = public_form_routes(
        "barriere-melden",
        "report",
        "barrierefreiheit.views.report_view",
        "barrierefreiheit.views.thanks_view",
    )


class KnownBarrier(Orderable):
    """One known barrier of the site, with the reason and an accessible alternative."""

    page = ParentalKey(AccessibilityStatementPage, related_name="barriers", on_delete=models.CASCADE)
    barrier = models.TextField(
        "Barriere",
        help_text="Was nicht barrierefrei ist, in Worten der Nutzenden, z. B. „Ältere PDF-Formulare …“.",
    )
    reason = models.CharField(
        "Begründung",
        max_length=30,
        choices=BarrierReason.choices,
        default=BarrierReason.NOT_YET,
        help_text="Warum die Barriere (noch) besteht.",
    )
    reason_details = models.TextField(
        "Erläuterung",
        blank=True,
        help_text="Freiwillig: Genaueres zur Begründung, z. B. bis wann die Barriere behoben sein soll.",
    )
    alternative = models.TextField(
        "Barrierefreie Alternative",
        help_text="Wie man trotzdem an die Inhalte kommt, z. B. „Wir schicken Ihnen den Text per E-Mail“.",
    )

    panels = [
        FieldPanel("barrier"),
        FieldPanel("reason"),
        FieldPanel("reason_details"),
        FieldPanel("alternative"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Bekannte Barriere"
        verbose_name_plural = "Bekannte Barrieren"

    def __str__(self):
        return self.barrier[:80]


# --- barrier reports ------------------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    NEW = "neu", "Neu"
    IN_PROGRESS = "in-bearbeitung", "In Bearbeitung"
    ANSWERED = "beantwortet", "Beantwortet"
    DONE = "erledigt", "Erledigt"
    REJECTED = "abgelehnt", "Abgelehnt"


OPEN_STATUSES = [ReportStatus.NEW, ReportStatus.IN_PROGRESS]
CLOSED_STATUSES = [ReportStatus.DONE, ReportStatus.REJECTED]


def answer_due(received):
    """The day by which a report must be answered: one month after it came in."""
    return timezone.localdate(received) + relativedelta(months=REPORT_ANSWER_MONTHS)


class BarrierReportQuerySet(models.QuerySet):
    def open(self):
        """Reports still waiting for an answer, the earliest due first."""
        return self.filter(status__in=OPEN_STATUSES).order_by("due_date", "received_at")

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class BarrierReport(models.Model):
    """A barrier reported through "Barriere melden" (or taken down by an editor from a call)."""

    page_url = models.CharField(
        "Seite",
        max_length=500,
        blank=True,
        help_text="Die Adresse der Seite auf dieser Website, auf der die Barriere auftrat.",
    )
    description = models.TextField("Beschreibung", help_text="Was nicht funktioniert, in eigenen Worten.")
    assistive_technology = models.CharField(
        "Hilfsmittel",
        max_length=300,
        blank=True,
        help_text="Welche Hilfsmittel die Person nutzt, z. B. Screenreader, Vergrößerung, Sprachsteuerung.",
    )
    name = models.CharField("Name", max_length=120, blank=True, help_text="Freiwillige Angabe der Person.")
    email = models.EmailField(
        "E-Mail", blank=True, help_text="Für die Bestätigung und die Antwort; freiwillige Angabe."
    )
    consent = models.BooleanField(
        "Einwilligung",
        default=False,
        help_text="Die Person hat eingewilligt, dass ihre Kontaktdaten für die Antwort gespeichert werden.",
    )
    received_at = models.DateTimeField(
        "Eingegangen am", default=timezone.now, help_text="Zeitpunkt der Meldung."
    )
    due_date = models.DateField(
        "Antwort fällig am",
        blank=True,
        help_text="Einen Monat nach Eingang: bis dahin muss die Person eine Antwort bekommen.",
    )
    status = models.CharField(
        "Status",
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.NEW,
        help_text="„Erledigt“ oder „Abgelehnt“ schließen die Meldung; danach läuft die Löschfrist für "
        "Name und E-Mail.",
    )
    editor_notes = models.TextField(
        "Notizen der Redaktion",
        blank=True,
        help_text="Nur intern: was geprüft, geantwortet oder geändert wurde.",
    )
    closed_at = models.DateTimeField(
        "Geschlossen am",
        null=True,
        blank=True,
        editable=False,
        help_text="Wann die Meldung erledigt oder abgelehnt wurde.",
    )
    anonymised_at = models.DateTimeField(
        "Kontaktdaten gelöscht am",
        null=True,
        blank=True,
        editable=False,
        help_text="Wann Name und E-Mail nach Ablauf der Frist gelöscht wurden.",
    )

    objects = BarrierReportQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("page_url"), FieldPanel("description"), FieldPanel("assistive_technology")],
            heading="Meldung",
        ),
        MultiFieldPanel([FieldPanel("name"), FieldPanel("email"), FieldPanel("consent")], heading="Kontakt"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("editor_notes")], heading="Bearbeitung"),
    ]

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "Barrieremeldung"
        verbose_name_plural = "Barrieremeldungen"

    def __str__(self):
        return f"Barriere-Meldung #{self.pk} vom {timezone.localtime(self.received_at):%d.%m.%Y}"

    def _summary(self):
        """For the editors' listings only; never in Wagtail's history (the text may name the reporter)."""
        text = " ".join(self.description.split())
        return f"{timezone.localtime(self.received_at):%d.%m.%Y}: {text[:60]}"

    _summary.short_description = "Meldung"
    summary = property(_summary)

    def clean(self):
        if (self.email or self.name) and not self.consent and self.pk is None:
            raise ValidationError(
                {"consent": "Ohne Einwilligung dürfen Name und E-Mail nicht gespeichert werden."}
            )

    def save(self, *args, **kwargs):
        if not self.due_date:
            self.due_date = answer_due(self.received_at or timezone.now())
        if self.status in CLOSED_STATUSES and self.closed_at is None:
            self.closed_at = timezone.now()
        elif self.status not in CLOSED_STATUSES:
            self.closed_at = None
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def days_overdue(self):
        return (timezone.localdate() - self.due_date).days if self.is_overdue else 0

    @property
    def overdue_text(self):
        """The words "überfällig seit 3 Tagen", or "" while the answer is not yet due."""
        if not self.is_overdue:
            return ""
        days = self.days_overdue
        return f"überfällig seit {days} {'Tag' if days == 1 else 'Tagen'}"

    def due_label(self):
        """The due date as editors read it: overdue said in words (and bold), not only shown in colour."""
        text = f"{self.due_date:%d.%m.%Y}"
        if self.overdue_text:
            return format_html("{} – <strong>{}</strong>", text, self.overdue_text)
        return text

    due_label.short_description = "Antwort fällig am"
    due_label.admin_order_field = "due_date"


# --- Leichte Sprache and Gebärdensprache (BITV 2.0 § 4, Anlage 2) ------------------------------------

SLOTS = [
    ("content", "Informationen zum Inhalt der Website"),
    ("navigation", "Hinweise zur Navigation"),
    ("statement", "Erklärung zur Barrierefreiheit"),
    ("offers", "Weitere Angebote"),
]


class EasyLanguagePage(BasePage):
    """Information about this website in Leichte Sprache, with the four items BITV 2.0 asks for."""

    intro = models.TextField(
        "Einleitung",
        help_text="Ein oder zwei kurze Sätze in Leichter Sprache: was auf dieser Seite steht.",
    )
    content_info = RichTextField(
        "Was auf der Internet-Seite steht",
        features=EASY_FEATURES,
        help_text="Pflicht nach BITV 2.0: Informationen zum Inhalt der Website. Kurze Sätze, ein Gedanke "
        "pro Satz, schwere Wörter erklären.",
    )
    navigation_info = RichTextField(
        "So finden Sie sich zurecht",
        features=EASY_FEATURES,
        help_text="Pflicht nach BITV 2.0: Hinweise zur Navigation, z. B. Menü, Suche, Fußbereich.",
    )
    statement_info = RichTextField(
        "Wie barriere-frei ist die Internet-Seite?",
        features=EASY_FEATURES,
        help_text="Pflicht nach BITV 2.0: die wichtigsten Inhalte der Erklärung zur Barrierefreiheit.",
    )
    offers_info = RichTextField(
        "Noch mehr in Leichter Sprache",
        features=EASY_FEATURES,
        help_text="Pflicht nach BITV 2.0: Hinweise auf weitere Angebote in Leichter Sprache.",
    )

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("content_info"),
        index.SearchField("navigation_info"),
        index.SearchField("statement_info"),
        index.SearchField("offers_info"),
    ]
    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("content_info"),
        FieldPanel("navigation_info"),
        FieldPanel("statement_info"),
        FieldPanel("offers_info"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Leichte Sprache"
        verbose_name_plural = "Seiten in Leichter Sprache"

    def sections(self):
        """(heading, rich text) of the four items, in the order of BITV 2.0 Anlage 2."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ("content_info", "navigation_info", "statement_info", "offers_info")
        ]


duration_validator = RegexValidator(
    DURATION_PATTERN, "Bitte als Minuten:Sekunden angeben, z. B. 2:15.", code="duration"
)


def _video(slot_label):
    return models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=f"Video: {slot_label}",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="MP4 oder WebM aus der Dokumentensammlung; wird von dieser Website ausgeliefert. Ohne Video "
        "steht hier „Video folgt“.",
    )


def _duration():
    return models.CharField(
        "Dauer",
        max_length=6,
        blank=True,
        validators=[duration_validator],
        help_text="Minuten:Sekunden, z. B. 2:15. Leer lassen: bei MP4-Dateien wird sie aus der Datei gelesen.",
    )


def _text(slot_label):
    return models.TextField(
        f"Text: {slot_label}",
        help_text="Pflicht: worum es im Video geht, in wenigen Sätzen. Hilft auch, wenn das Video nicht läuft.",
    )


class SignLanguagePage(BasePage):
    """Videos in Deutsche Gebärdensprache (DGS) for the four items BITV 2.0 asks for, self-hosted."""

    intro = models.TextField(
        "Einleitung",
        help_text="Kurz: was die Videos in Deutscher Gebärdensprache erklären.",
    )
    content_video = _video("Inhalt der Website")
    content_duration = _duration()
    content_text = _text("Inhalt der Website")
    navigation_video = _video("Navigation")
    navigation_duration = _duration()
    navigation_text = _text("Navigation")
    statement_video = _video("Erklärung zur Barrierefreiheit")
    statement_duration = _duration()
    statement_text = _text("Erklärung zur Barrierefreiheit")
    offers_video = _video("Weitere Angebote")
    offers_duration = _duration()
    offers_text = _text("Weitere Angebote")

    search_fields = (
        BasePage.search_fields
        + [index.SearchField("intro")]
        + [index.SearchField(f"{slot}_text") for slot, _label in SLOTS]
    )
    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        *[
            MultiFieldPanel(
                [FieldPanel(f"{slot}_video"), FieldPanel(f"{slot}_duration"), FieldPanel(f"{slot}_text")],
                heading=label,
            )
            for slot, label in SLOTS
        ],
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Gebärdensprache"
        verbose_name_plural = "Seiten in Gebärdensprache"

    def clean(self):
        super().clean()
        errors = {}
        for slot, _label in SLOTS:
            video = getattr(self, f"{slot}_video")
            if video is not None and video_extension(video) not in ("mp4", "webm"):
                errors[f"{slot}_video"] = "Bitte ein Video im Format MP4 oder WebM wählen."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        for slot, _label in SLOTS:
            if not getattr(self, f"{slot}_duration") and getattr(self, f"{slot}_video_id"):
                setattr(self, f"{slot}_duration", read_duration(getattr(self, f"{slot}_video")))
        super().save(*args, **kwargs)

    def slots(self):
        """Per item: heading, text, and the video's facts for the download link (None: video follows)."""

        ids = [getattr(self, f"{slot}_video_id") for slot, _label in SLOTS]
        documents = get_document_model().objects.in_bulk([pk for pk in ids if pk])
        return [
            {
                "key": slot,
                "heading": label,
                "text": getattr(self, f"{slot}_text"),
                "video": video_facts(documents.get(pk), getattr(self, f"{slot}_duration")),
            }
            for (slot, label), pk in zip(SLOTS, ids, strict=True)
        ]
