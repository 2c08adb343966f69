"""Level 2 of the Leitbild: the course programme, courses, their runs (dates from the shared engine),
registrations with a waiting list, and attendance per session.

A course is described once (``CoursePage``); each run of it is a child page (``CourseRunPage``) whose
sessions are date rules of the date engine ``termine``, so they are stored occurrences and appear in the
network calendar and its feeds.
"""

from datetime import timedelta

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import CharField, Count, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.content.routes import form_route, to_view
from cms.content.text import bullet_lines
from cms.content.visibility import visible_pages
from cms.models import BasePage, FieldOfEngagement, TargetGroup, contact_field, intro_field, per_page_field
from qualifizierung.blocks import CourseContentBlocks
from qualifizierung.structured_data import course_json_ld, run_json_ld
from termine import dates
from termine.entries import CalendarEntry
from termine.models import DATE_PANELS, Occurrence, PlacedDatedPageMixin, place_panel

BODY_HELP = "Fügen Sie mit dem Plus-Zeichen Text, Überschriften, Aufklappbereiche und mehr hinzu."


class DirectChildRouteMixin:
    """Finds a child page of the known type in one query (Wagtail's route needs two: page, then specific)."""

    child_page_model = ""

    def route(self, request, path_components):
        if path_components:
            model = apps.get_model(self.child_page_model)
            child = model.objects.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


class CourseProgrammePage(DirectChildRouteMixin, RoutablePageMixin, BasePage):
    """The course programme: a catalogue of all courses with filters, search and free places."""

    intro = intro_field(600, "Zwei, drei Sätze über dem Kursprogramm: für wen es ist und was es kostet.")
    per_page = per_page_field("Kurse", "das Programm", default=12, maximum=50)

    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["qualifizierung.CoursePage"]
    max_count = 1
    child_page_model = "qualifizierung.CoursePage"

    class Meta:
        verbose_name = "Kursprogramm"
        verbose_name_plural = "Kursprogramme"

    @path("", name="catalogue")
    def catalogue_route(self, request):
        return to_view("qualifizierung.views.catalogue", request, self)

    def get_json_ld(self, request=None):
        return self.collection_json_ld(self.intro, request)


class CoursePage(DirectChildRouteMixin, BasePage):
    """A course described once: goals, content, for whom, trainers, cost and recognition."""

    teaser = models.TextField(
        "Kurztext",
        max_length=300,
        help_text="Ein, zwei Sätze; erscheinen im Kursprogramm, in Suchtreffern und im Kalender.",
    )
    goals = models.TextField(
        "Ziele",
        max_length=1500,
        help_text="Was die Teilnehmenden danach können. Jedes Ziel in eine eigene Zeile.",
    )
    content = StreamField(
        CourseContentBlocks(),
        verbose_name="Inhalte",
        blank=True,
        help_text="Ablauf und Themen des Kurses. " + BODY_HELP,
    )
    prerequisites = models.TextField(
        "Voraussetzungen",
        max_length=800,
        blank=True,
        help_text="Was man mitbringen sollte, z. B. „keine“ oder „eigener Laptop“. Leer: keine.",
    )
    fields_of_engagement = ParentalManyToManyField(
        "cms.FieldOfEngagement",
        verbose_name="Themen (Engagementbereiche)",
        blank=True,
        related_name="courses",
        help_text="Nach diesen Bereichen filtert das Kursprogramm.",
    )
    target_groups = ParentalManyToManyField(
        "cms.TargetGroup",
        verbose_name="Zielgruppen",
        blank=True,
        related_name="courses",
        help_text="Für wen der Kurs gedacht ist; danach filtert das Kursprogramm.",
    )
    funding_purpose = models.ForeignKey(
        "cms.FundingPurpose",
        verbose_name="Förderzweck",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        help_text="In der Regel (e) Aus-, Fort- und Weiterbildung der Förderrichtlinie des Kreises.",
    )
    is_free = models.BooleanField(
        "Kostenlos", default=True, help_text="Ankreuzen, wenn die Teilnahme nichts kostet."
    )
    fee = models.DecimalField(
        "Teilnahmebeitrag in Euro",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Nur wenn etwas zu zahlen ist, z. B. 15,00.",
    )
    fee_note = models.CharField(
        "Hinweis zum Beitrag",
        max_length=200,
        blank=True,
        help_text="z. B. „ermäßigt 5 Euro für Inhaber der Ehrenamtscard“.",
    )
    certificate = models.BooleanField(
        "Teilnahmebescheinigung",
        default=True,
        help_text="Ankreuzen, wenn Teilnehmende eine Bescheinigung bekommen (z. B. für das Thüringer "
        "Ehrenamtszertifikat).",
    )
    educational_leave = models.BooleanField(
        "Als Bildungsfreistellung anerkannt",
        default=False,
        help_text="Ankreuzen, wenn der Kurs nach dem Thüringer Bildungsfreistellungsgesetz anerkannt ist.",
    )
    contact = contact_field("Wer Fragen zum Kurs beantwortet.")

    search_fields = BasePage.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("goals"),
        index.SearchField("content"),
        index.SearchField("prerequisites"),
        index.RelatedFields("fields_of_engagement", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("goals"),
        FieldPanel("content"),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [
                FieldPanel("fields_of_engagement", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Themen und Zielgruppen",
        ),
        InlinePanel("trainers", heading="Referentinnen und Referenten", label="Referent/in"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("fee")]),
                FieldPanel("fee_note"),
                FieldPanel("funding_purpose"),
                FieldPanel("certificate"),
                FieldPanel("educational_leave"),
            ],
            heading="Kosten, Förderung und Anerkennung",
        ),
        FieldPanel("contact"),
    ]

    parent_page_types = ["qualifizierung.CourseProgrammePage"]
    subpage_types = ["qualifizierung.CourseRunPage"]
    child_page_model = "qualifizierung.CourseRunPage"

    class Meta:
        verbose_name = "Kurs"
        verbose_name_plural = "Kurse"

    def clean(self):
        super().clean()
        if self.is_free and self.fee:
            raise ValidationError(
                {"fee": "Ein kostenloser Kurs hat keinen Beitrag. Bitte eins von beiden ändern."}
            )
        if not self.is_free and self.fee is None:
            raise ValidationError({"fee": "Bitte den Beitrag angeben oder „Kostenlos“ ankreuzen."})

    @property
    def fee_text(self) -> str:
        if self.is_free:
            return "kostenlos"
        if self.fee is None:
            return "kostenpflichtig"
        amount = f"{self.fee:.2f}".replace(".", ",")
        return f"{amount} Euro"

    @property
    def goal_list(self) -> list[str]:
        return bullet_lines(self.goals)

    def runs(self):
        """The live runs of this course with registration counts, soonest first."""
        return CourseRunPage.objects.for_listing().filter(course_id=self.pk).order_by_start()

    def load_related(self):
        """Funding purpose and contact in one query, target groups and topics in one (a union)."""
        if getattr(self, "_related_loaded", False) or self.pk is None:
            return
        self.adopt_related(CoursePage.objects.filter(pk=self.pk), ("funding_purpose", "contact"))

        groups = TargetGroup.objects.filter(courses=self.pk).order_by().annotate(kind=Value("g", CharField()))
        topics = (
            FieldOfEngagement.objects.filter(courses=self.pk)
            .order_by()
            .annotate(kind=Value("t", CharField()))
        )
        rows = list(groups.values_list("kind", "name").union(topics.values_list("kind", "name"), all=True))
        self.target_group_names = sorted(name for kind, name in rows if kind == "g")
        self.topic_names = sorted(name for kind, name in rows if kind == "t")
        self._related_loaded = True

    @property
    def programme_url(self) -> str:
        """The parent's address, without a query: runs and courses live at /kurse/<kurs>/…."""
        url = self.url or ""
        return url.rstrip("/").rsplit("/", 1)[0] + "/" if url else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_related()
        now = timezone.now()
        runs = [prepare_for_list(run, request) for run in self.runs()]
        context["upcoming_runs"] = [run for run in runs if run.last_end is None or run.last_end > now]
        context["past_runs"] = [run for run in runs if run.last_end is not None and run.last_end <= now]
        context["trainer_list"] = list(self.trainers.select_related("contact").all())
        self._json_ld_runs = runs
        self._json_ld_trainers = context["trainer_list"]
        return context

    def get_json_ld(self, request=None):
        return course_json_ld(self, request)


def prepare_for_list(run, request):
    """Address and place labels computed once per run (the templates read them several times)."""
    run.link = run.get_url(request)
    run.state = run.places_state
    run.places_label = run.places_text
    return run


class CourseTrainer(Orderable):
    """A trainer of a course: a name with a short biography, or a contact person of the site."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="trainers")
    name = models.CharField(
        "Name",
        max_length=120,
        blank=True,
        help_text="Vor- und Nachname. Leer, wenn eine Ansprechperson gewählt ist.",
    )
    bio = models.TextField(
        "Kurzvorstellung",
        max_length=600,
        blank=True,
        help_text="Zwei, drei Sätze: Beruf, Erfahrung, Bezug zum Ehrenamt.",
    )
    contact = contact_field(
        "Wenn die Person schon als Ansprechperson angelegt ist, z. B. aus der Ehrenamtsagentur.",
        verbose_name="Oder: Ansprechperson",
    )

    panels = [FieldPanel("name"), FieldPanel("bio"), FieldPanel("contact")]

    class Meta(Orderable.Meta):
        verbose_name = "Referent/in"
        verbose_name_plural = "Referentinnen und Referenten"

    def clean(self):
        super().clean()
        if not self.name and self.contact_id is None:
            raise ValidationError({"name": "Bitte einen Namen angeben oder eine Ansprechperson wählen."})

    @property
    def display_name(self) -> str:
        return self.name or (self.contact.name if self.contact else "")

    def __str__(self):
        return self.display_name


def occurrence_aggregate(function, field):
    return Subquery(
        Occurrence.objects.filter(page_id=OuterRef("pk"))
        .order_by()
        .values("page_id")
        .annotate(value=function(field))
        .values("value")[:1]
    )


def registration_count_of(status):
    counted = (
        Registration.objects.filter(run_id=OuterRef("pk"), status=status)
        .order_by()
        .values("run_id")
        .annotate(value=Count("pk"))
        .values("value")[:1]
    )
    return Coalesce(Subquery(counted), Value(0))


class CourseRunPageQuerySet(PageQuerySet):
    """Querysets of runs with what lists show (sessions and registration counts), in one query."""

    def with_counts(self):
        return self.annotate(
            first_start=occurrence_aggregate(Min, "start"),
            last_end=occurrence_aggregate(Max, "end"),
            session_count=occurrence_aggregate(Count, "pk"),
            registered_count=registration_count_of(RegistrationStatus.REGISTERED),
            waiting_count=registration_count_of(RegistrationStatus.WAITING),
        )

    def for_listing(self):
        """Runs the public may see (live, no view restriction above them) with what a list shows."""
        return visible_pages(self).select_related("venue", "municipality").with_counts()

    def order_by_start(self):
        return self.order_by(models.F("first_start").asc(nulls_last=True), "pk")


CourseRunPageManager = PageManager.from_queryset(CourseRunPageQuerySet)


def _anonymous_count(label):
    """A number of people a run keeps once their personal data is deleted."""
    return models.PositiveIntegerField(
        label, null=True, blank=True, editable=False, help_text="Nach dem Löschen der Personendaten."
    )


class CourseRunPage(RoutablePageMixin, PlacedDatedPageMixin, BasePage):
    """One run of a course: its sessions (dates of the engine), place, places and registration."""

    course = models.ForeignKey(
        CoursePage,
        verbose_name="Kurs",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="run_pages",
        help_text="Der Kurs, unter dem dieser Termin steht (wird automatisch gesetzt).",
    )
    capacity = models.PositiveSmallIntegerField(
        "Plätze",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text="So viele Personen können teilnehmen; wer danach kommt, steht auf der Warteliste.",
    )
    registration_deadline = models.DateTimeField(
        "Anmeldeschluss",
        null=True,
        blank=True,
        help_text="Bis dann ist die Anmeldung offen. Leer: bis zum Beginn des ersten Termins.",
    )
    registration_closed = models.BooleanField(
        "Anmeldung geschlossen",
        default=False,
        help_text="Ankreuzen, um die Anmeldung vorzeitig zu schließen (die Warteliste bleibt).",
    )
    note = models.CharField(
        "Hinweis zu diesem Termin",
        max_length=300,
        blank=True,
        help_text="z. B. „Bitte Verpflegung für den Tag mitbringen“.",
    )
    last_session_end = models.DateTimeField(
        "Ende des letzten Termins",
        null=True,
        blank=True,
        editable=False,
        help_text="Wird beim Veröffentlichen gesetzt; ab hier läuft die Löschfrist der Anmeldungen.",
    )
    cancellation_notified_at = models.DateTimeField(
        "Absage mitgeteilt am",
        null=True,
        blank=True,
        editable=False,
        help_text="Wann alle Angemeldeten die Absage bekamen.",
    )
    archived_registered = _anonymous_count("Teilnehmende (anonym gezählt)")
    archived_waiting = _anonymous_count("Warteliste (anonym gezählt)")
    archived_cancelled = _anonymous_count("Abmeldungen (anonym gezählt)")
    archived_attended = _anonymous_count("Anwesende mit mindestens einem Termin (anonym gezählt)")
    personal_data_purged_at = models.DateTimeField(
        "Personendaten gelöscht am",
        null=True,
        blank=True,
        editable=False,
        help_text="Von purge_personal_data.",
    )

    objects = CourseRunPageManager()

    search_fields = BasePage.search_fields + [
        index.SearchField("note"),
        index.RelatedFields("course", [index.SearchField("title"), index.SearchField("teaser")]),
        index.RelatedFields("venue", [index.SearchField("name"), index.SearchField("town")]),
        index.RelatedFields("municipality", [index.SearchField("name")]),
        index.FilterField("date_status"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("date_status"),
        *DATE_PANELS,
        place_panel(
            "Kursort",
            "der Kurs",
            "Adresse des Online-Raums",
            online_help="Mit https://. Pflicht bei „online“; erscheint nur in den E-Mails an Angemeldete.",
        ),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_deadline"), FieldPanel("registration_closed")],
            heading="Plätze und Anmeldung",
        ),
        FieldPanel("note"),
    ]

    parent_page_types = ["qualifizierung.CoursePage"]
    subpage_types = []
    exclude_fields_in_copy = [
        "ical_uid",
        "sequence",
        "last_session_end",
        "cancellation_notified_at",
        "archived_registered",
        "archived_waiting",
        "archived_cancelled",
        "archived_attended",
        "personal_data_purged_at",
    ]

    class Meta:
        verbose_name = "Kurstermin"
        verbose_name_plural = "Kurstermine"

    def __str__(self):
        # The course's title only when it is loaded already: lists of runs (e.g. the admin filter) stay
        # one query.
        course = self._state.fields_cache.get("course")
        return f"{course.title}: {self.title}" if course else self.title

    venue_label = "Kursort"
    KEPT_FIELDS = (*PlacedDatedPageMixin.KEPT_FIELDS, *exclude_fields_in_copy[2:], "course_id")

    def save(self, *args, **kwargs):
        if self.path and self.depth and self.depth > 1:
            parent_path = self.path[: -self.steplen]
            self.course_id = (
                CoursePage.objects.filter(path=parent_path).values_list("pk", flat=True).first()
                or self.course_id
            )
        return super().save(*args, **kwargs)

    # --- what the page shows ---

    @property
    def full_title(self) -> str:
        course = self.course.title if self.course_id and self.course else ""
        return f"{course}: {self.title}" if course else self.title

    def sessions(self):
        return list(self.page_occurrences().order_by("start", "pk"))

    def deadline(self, first_start=None):
        """When registration ends: the deadline set, else the start of the first session."""
        if self.registration_deadline:
            return self.registration_deadline
        if first_start is None:
            first_start = getattr(self, "first_start", None)
            if first_start is None and "first_start" not in self.__dict__:
                first = self.page_occurrences().order_by("start").first()
                first_start = first.start if first else None
        return first_start

    def closed_reason(self, now=None, first_start=None) -> str:
        """Why nobody can register now, in German; empty when registration is open."""
        now = now or timezone.now()
        if not self.live:
            return "Dieser Kurstermin ist nicht veröffentlicht."
        if self.is_cancelled:
            return "Dieser Kurstermin ist abgesagt. Eine Anmeldung ist nicht mehr möglich."
        if self.registration_closed:
            return "Die Anmeldung für diesen Kurstermin ist geschlossen."
        deadline = self.deadline(first_start)
        if deadline is None:
            return "Für diesen Kurstermin stehen noch keine Termine fest."
        if now >= deadline:
            return "Die Anmeldefrist für diesen Kurstermin ist abgelaufen."
        return ""

    @property
    def free_places(self) -> int:
        registered = getattr(self, "registered_count", None)
        if registered is None:
            registered = self.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        return max(self.capacity - registered, 0)

    @property
    def places_text(self) -> str:
        """ "noch 3 Plätze", "noch 1 Platz", "ausgebucht – Warteliste", "abgesagt", "Anmeldung geschlossen"."""
        if self.is_cancelled:
            return "abgesagt"
        free = self.free_places
        reason = self.closed_reason()
        if reason:
            return "Anmeldung geschlossen"
        if free == 0:
            return "ausgebucht – Warteliste"
        return "noch 1 Platz" if free == 1 else f"noch {free} Plätze"

    @property
    def places_state(self) -> str:
        """A short key for styling: open, full, closed, cancelled."""
        if self.is_cancelled:
            return "cancelled"
        if self.closed_reason():
            return "closed"
        return "full" if self.free_places == 0 else "open"

    @property
    def date_range_text(self) -> str:
        first, last = getattr(self, "first_start", None), getattr(self, "last_end", None)
        if first is None:
            return "Termine folgen"
        first_day = timezone.localtime(first, dates.BERLIN).date()
        last_day = timezone.localtime(last, dates.BERLIN).date() if last else first_day
        if last and timezone.localtime(last, dates.BERLIN).time().hour == 0 and last > first:
            last_day = (timezone.localtime(last, dates.BERLIN) - timedelta(minutes=1)).date()
        if last_day <= first_day:
            return dates.format_date(first_day)
        return dates.format_date_range(first_day, last_day)

    def load_counts(self):
        """Sessions span, registration counts, course, venue and municipality in one query."""
        if "registered_count" in self.__dict__ or self.pk is None:
            return self
        loaded = (
            type(self)
            .objects.with_counts()
            .select_related("course", "venue", "municipality")
            .filter(pk=self.pk)
            .first()
        )
        if loaded is not None:
            for key in ("first_start", "last_end", "session_count", "registered_count", "waiting_count"):
                setattr(self, key, getattr(loaded, key))
            self.adopt_related(loaded, ("course", "venue", "municipality"))
        return self

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_counts()
        context["course"] = self.course
        context["sessions"] = self._sessions = self.sessions()
        context["closed_reason"] = self.closed_reason()
        base = self.url or ""  # a preview of a new run has no address yet
        context["ical_url"] = base + self.reverse_subpage("ical")
        context["register_url"] = base + self.reverse_subpage("register")
        context["feeds"] = [
            {"type": "text/calendar", "title": f"iCalendar: {self.full_title}", "url": context["ical_url"]}
        ]
        return context

    @path("", name="index")
    def index_route(self, request):
        return self.render(request)

    @path("anmelden/", name="register")
    @form_route
    def register_route(self, request):
        return to_view("qualifizierung.views.register", request, self)

    @path("anmeldung/<str:token>/", name="manage")
    def manage_route(self, request, token):
        return to_view("qualifizierung.views.manage", request, self, token)

    @path("ical/", name="ical")
    def ical_route(self, request):
        return to_view("qualifizierung.views.run_ical", request, self)

    # --- the calendar adapter (termine.entries.CalendarEntrySource) ---

    @classmethod
    def calendar_queryset(cls):
        return cls.objects.select_related("course", "venue", "municipality")

    def calendar_summary(self, request=None):
        course = self.course
        return CalendarEntry(
            page_id=self.pk,
            title=course.title if course else self.title,
            url=self.get_url(request),
            teaser=course.teaser if course else "",
            place=self.place_text,
            municipality=self.municipality.name if self.municipality else "",
            organiser="Ehrenamtsagentur des Kyffhäuserkreises",
            category="Kurs",
            online=self.is_online,
            free=bool(course and course.is_free),
            kind="Kurs",
        )

    @classmethod
    def calendar_filter_q(cls, filters) -> Q | None:
        if filters.category is not None or filters.organiser is not None:
            return None
        q = cls.place_filter_q(filters)
        if filters.target_group is not None:
            q &= Q(page__courserunpage__course__target_groups=filters.target_group)
        if filters.free:
            q &= Q(page__courserunpage__course__is_free=True)
        if filters.text:
            q &= Q(page__courserunpage__course__title__icontains=filters.text) | Q(
                page__courserunpage__course__teaser__icontains=filters.text
            )
        return q

    # --- structured data ---

    def get_json_ld(self, request=None):
        return run_json_ld(self, request)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "angemeldet"
    WAITING = "waiting", "Warteliste"
    CANCELLED = "cancelled", "abgemeldet"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)


class Registration(models.Model):
    """A person's registration for a course run: personal data, status and place on the waiting list.

    Deleted COURSE_DATA_RETENTION_DAYS days after the run's last session (``manage.py
    purge_personal_data``); the run keeps anonymous counts.
    """

    run = models.ForeignKey(
        CourseRunPage,
        verbose_name="Kurstermin",
        on_delete=models.CASCADE,
        related_name="registrations",
        help_text="Für welchen Kurstermin die Anmeldung gilt.",
    )
    name = models.CharField(
        "Name", max_length=120, help_text="Vor- und Nachname, erscheint auf der Bescheinigung."
    )
    email = models.EmailField("E-Mail", help_text="Für Bestätigung, Erinnerung und Abmeldelink.")
    organisation = models.CharField(
        "Verein oder Organisation", max_length=200, blank=True, help_text="Freiwillige Angabe."
    )
    phone = models.CharField(
        "Telefon", max_length=40, blank=True, help_text="Freiwillige Angabe, für kurzfristige Änderungen."
    )
    accessibility_needs = models.TextField(
        "Unterstützungsbedarf",
        max_length=500,
        blank=True,
        help_text="Freiwillige Angabe, z. B. Gebärdensprachdolmetschung oder stufenloser Zugang.",
    )
    consent = models.BooleanField(
        "Einwilligung",
        default=False,
        help_text="Einwilligung in die Verarbeitung nach der Datenschutzerklärung.",
    )
    status = models.CharField(
        "Status",
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        help_text="Angemeldet, auf der Warteliste oder abgemeldet.",
    )
    waiting_position = models.PositiveIntegerField(
        "Platz auf der Warteliste", null=True, blank=True, help_text="1 = rückt als Nächste/r nach."
    )
    token_hash = models.CharField(
        "Prüfsumme des Abmeldelinks",
        max_length=64,
        unique=True,
        editable=False,
        help_text="SHA-256 des persönlichen Links.",
    )
    created_at = models.DateTimeField(
        "Angemeldet am", default=timezone.now, help_text="Zeitpunkt der Anmeldung."
    )
    promoted_at = models.DateTimeField(
        "Nachgerückt am", null=True, blank=True, help_text="Wann die Person von der Warteliste nachrückte."
    )
    cancelled_at = models.DateTimeField(
        "Abgemeldet am", null=True, blank=True, help_text="Zeitpunkt der Abmeldung."
    )
    reminded_at = models.DateTimeField(
        "Erinnert am",
        null=True,
        blank=True,
        help_text="Wann die Erinnerung vor dem ersten Termin verschickt wurde.",
    )

    objects = RegistrationQuerySet.as_manager()

    panels = [
        FieldPanel("run", read_only=True),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("organisation"),
        FieldPanel("phone"),
        FieldPanel("accessibility_needs"),
        FieldPanel("status", read_only=True),
        FieldPanel("waiting_position", read_only=True),
        FieldPanel("created_at", read_only=True),
        FieldPanel("promoted_at", read_only=True),
        FieldPanel("cancelled_at", read_only=True),
        FieldPanel("reminded_at", read_only=True),
    ]

    class Meta:
        ordering = ["run", "status", "waiting_position", "created_at", "pk"]
        verbose_name = "Kursanmeldung"
        verbose_name_plural = "Kursanmeldungen"
        indexes = [models.Index(fields=["run", "status"], name="qualif_reg_run_status_idx")]

    def __str__(self):
        return f"Anmeldung #{self.pk} zu {self.run.title}"

    @property
    def status_text(self) -> str:
        if self.status == RegistrationStatus.WAITING and self.waiting_position:
            return f"Warteliste, Platz {self.waiting_position}"
        return self.get_status_display()


class Attendance(models.Model):
    """Whether a registered person was present at one session of the run.

    A session is named by its planned start (the occurrence's original start for a moved date), so
    that republishing the run, which recomputes its occurrences, keeps the marks.
    """

    registration = models.ForeignKey(
        Registration,
        verbose_name="Anmeldung",
        on_delete=models.CASCADE,
        related_name="attendances",
        help_text="Die anwesende Person.",
    )
    session_start = models.DateTimeField("Termin", help_text="Der geplante Beginn des Termins.")
    marked_at = models.DateTimeField(
        "Eingetragen am", default=timezone.now, help_text="Wann die Anwesenheit eingetragen wurde."
    )

    class Meta:
        ordering = ["session_start"]
        verbose_name = "Anwesenheit"
        verbose_name_plural = "Anwesenheiten"
        constraints = [
            models.UniqueConstraint(fields=["registration", "session_start"], name="qualif_attendance_unique")
        ]

    def __str__(self):
        return f"Anwesenheit zu Anmeldung #{self.registration_id}: {self.session_start:%d.%m.%Y %H:%M}"
