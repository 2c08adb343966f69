"""The date engine's models: date rules and exceptions on any page, and the stored occurrences.

Any dated page type (events, course runs) gets its dates by adding ``InlinePanel("date_rules")`` and
``InlinePanel("date_exceptions")`` (see ``DATE_PANELS``) and, for a status of the whole item,
``DatedPageMixin``. Occurrences are computed from rules and exceptions on publishing
(``netzwerk.occurrences.sync_occurrences``) so that a date range is one indexed query.
"""

import uuid
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import BasePage, Term, Venue
from netzwerk import dates
from netzwerk.blocks import EventDescriptionBlocks

MAX_COUNT = 500


class EventStatus(models.TextChoices):
    """Status of an item or of one date; the stored values are schema.org's EventStatusType names."""

    SCHEDULED = "EventScheduled", "findet statt"
    CANCELLED = "EventCancelled", "abgesagt"
    POSTPONED = "EventPostponed", "verschoben"
    RESCHEDULED = "EventRescheduled", "neuer Termin"
    MOVED_ONLINE = "EventMovedOnline", "online verlegt"


class Frequency(models.TextChoices):
    ONCE = dates.ONCE, "keine Wiederholung"
    DAILY = dates.DAILY, "täglich"
    WEEKLY = dates.WEEKLY, "wöchentlich"
    MONTHLY = dates.MONTHLY, "monatlich"


class Weekday(models.TextChoices):
    MONDAY = "MO", "Montag"
    TUESDAY = "TU", "Dienstag"
    WEDNESDAY = "WE", "Mittwoch"
    THURSDAY = "TH", "Donnerstag"
    FRIDAY = "FR", "Freitag"
    SATURDAY = "SA", "Samstag"
    SUNDAY = "SU", "Sonntag"


class MonthOrdinal(models.IntegerChoices):
    FIRST = 1, "ersten"
    SECOND = 2, "zweiten"
    THIRD = 3, "dritten"
    FOURTH = 4, "vierten"
    LAST = dates.LAST, "letzten"


def split_weekdays(value) -> list[str]:
    """ "MO,WE" (or a list) → ["MO", "WE"] in calendar order, unknown codes dropped."""
    if not value:
        return []
    codes = value.split(",") if isinstance(value, str) else list(value)
    codes = {code.strip().upper() for code in codes}
    return [code for code in dates.WEEKDAY_CODES if code in codes]


class WeekdaysFormField(forms.MultipleChoiceField):
    """Checkboxes for weekdays; cleans to the compact stored string "MO,WE"."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Weekday.choices)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return split_weekdays(value)

    def to_python(self, value):
        return super().to_python(split_weekdays(value) if isinstance(value, str) else value)

    def clean(self, value):
        return ",".join(split_weekdays(super().clean(value)))

    def has_changed(self, initial, data):
        return split_weekdays(initial) != split_weekdays(data)


class WeekdaysField(models.CharField):
    """Weekdays stored compactly as "MO,WE", edited as checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return WeekdaysFormField(
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name[:1].upper() + self.verbose_name[1:]),
            help_text=self.help_text,
        )


class DatedPageMixin(models.Model):
    """Fields a dated page type adds for the status of the whole item (mix in before ``Page``)."""

    date_status = models.CharField(
        "Status",
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text="Gilt für alle Termine. Einzelne Termine ändern Sie unter „Änderungen einzelner Termine“.",
    )

    class Meta:
        abstract = True


class DateRule(Orderable):
    """A date or a series of dates of a page, built without RRULE knowledge."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="date_rules")
    start_date = models.DateField("Datum", help_text="Der (erste) Tag. Bei Serien: ab diesem Tag.")
    start_time = models.TimeField("Beginn", null=True, blank=True)
    end_date = models.DateField(
        "Letzter Tag",
        null=True,
        blank=True,
        help_text="Nur bei mehrtägigen Terminen, z. B. einer Freizeit von Freitag bis Sonntag.",
    )
    end_time = models.TimeField("Ende", null=True, blank=True)
    all_day = models.BooleanField("ganztägig", default=False)
    frequency = models.CharField(
        "Wiederholung", max_length=10, choices=Frequency.choices, default=Frequency.ONCE, blank=True
    )
    interval = models.PositiveSmallIntegerField(
        "Abstand",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="1 = jeden Tag, jede Woche oder jeden Monat; 2 = jeden zweiten usw.",
    )
    weekdays = WeekdaysField(
        "Wochentage",
        help_text="Bei wöchentlicher Wiederholung. Der erste Termin ist der erste gewählte Wochentag ab dem Datum.",
    )
    month_ordinal = models.SmallIntegerField(
        "Woche im Monat",
        null=True,
        blank=True,
        choices=MonthOrdinal.choices,
        help_text="Bei monatlicher Wiederholung, z. B. am zweiten Dienstag. Leer: am selben Tag des Monats.",
    )
    month_weekday = models.CharField("Wochentag im Monat", max_length=2, blank=True, choices=Weekday.choices)
    until = models.DateField(
        "Wiederholen bis",
        null=True,
        blank=True,
        help_text="Letzter möglicher Tag der Serie (einschließlich).",
    )
    count = models.PositiveSmallIntegerField(
        "Anzahl der Termine",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_COUNT)],
        help_text="Statt eines Enddatums: die Serie endet nach so vielen Terminen.",
    )
    skip_holidays = models.BooleanField(
        "Feiertage auslassen",
        default=False,
        help_text="Termine an gesetzlichen Feiertagen in Thüringen finden nicht statt.",
    )

    panels = [
        FieldRowPanel(["start_date", "end_date"], heading="Tage"),
        FieldRowPanel(["start_time", "end_time", "all_day"], heading="Uhrzeit"),
        MultiFieldPanel(
            [
                FieldRowPanel(["frequency", "interval"]),
                FieldPanel("weekdays"),
                FieldRowPanel(["month_ordinal", "month_weekday"]),
                FieldRowPanel(["until", "count"]),
                FieldPanel("skip_holidays"),
            ],
            heading="Wiederholung",
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Termin oder Terminserie"
        verbose_name_plural = "Termine und Terminserien"

    def __str__(self):
        return self.describe()

    @property
    def weekday_list(self) -> list[str]:
        return split_weekdays(self.weekdays)

    def to_rule(self) -> dates.Rule:
        """The engine's view of this rule."""
        monthly = self.frequency == Frequency.MONTHLY
        return dates.Rule(
            start_date=self.start_date,
            start_time=None if self.all_day else self.start_time,
            end_date=self.end_date,
            end_time=None if self.all_day else self.end_time,
            all_day=self.all_day,
            frequency=self.frequency or dates.ONCE,
            interval=self.interval or 1,
            weekdays=tuple(self.weekday_list) if self.frequency == Frequency.WEEKLY else (),
            month_ordinal=self.month_ordinal if monthly else None,
            month_weekday=(self.month_weekday or None) if monthly else None,
            until=self.until if self.frequency else None,
            count=self.count if self.frequency else None,
            skip_holidays=self.skip_holidays,
        )

    def describe(self, include_start: bool = False) -> str:
        """German text, e.g. "jeden 2. Dienstag im Monat, 18–20 Uhr, bis 30. Juni 2027"."""
        if self.start_date is None:
            return "Termin"
        return self.to_rule().describe(include_start=include_start)

    def clean(self):
        super().clean()
        errors = {}
        if self.all_day:
            # Times mean nothing for whole days; drop them instead of keeping hidden values.
            self.start_time = self.end_time = None
        elif self.start_time is None:
            errors["start_time"] = "Bitte eine Uhrzeit für den Beginn angeben oder „ganztägig“ wählen."
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = "Der letzte Tag liegt vor dem ersten Tag."
            elif self.end_date == self.start_date:
                self.end_date = None
        same_day = not self.end_date or self.end_date == self.start_date
        if self.start_time and self.end_time and same_day and self.end_time < self.start_time:
            errors["end_time"] = (
                "Das Ende liegt vor dem Beginn. Für Termine über Mitternacht bitte auch den letzten Tag angeben."
            )
        self.weekdays = ",".join(self.weekday_list)
        if self.frequency == Frequency.WEEKLY and not self.weekdays:
            errors["weekdays"] = "Bitte mindestens einen Wochentag wählen."
        if self.frequency != Frequency.WEEKLY and self.weekdays:
            errors["weekdays"] = "Wochentage gelten nur bei wöchentlicher Wiederholung."
        if self.frequency == Frequency.MONTHLY:
            if self.month_ordinal and not self.month_weekday:
                errors["month_weekday"] = "Bitte den Wochentag wählen, z. B. Dienstag."
            if self.month_weekday and not self.month_ordinal:
                errors["month_ordinal"] = "Bitte wählen, in welcher Woche des Monats, z. B. am zweiten."
        elif self.month_ordinal or self.month_weekday:
            errors["month_ordinal"] = "Die Woche im Monat gilt nur bei monatlicher Wiederholung."
        if self.frequency:
            if self.until and self.count:
                errors["count"] = "Bitte entweder „Wiederholen bis“ oder eine Anzahl angeben, nicht beides."
            if self.until and self.start_date and self.until < self.start_date:
                errors["until"] = "Das Ende der Wiederholung liegt vor dem ersten Tag."
        else:
            if self.until or self.count:
                errors["frequency"] = "Ein Ende der Wiederholung braucht eine Wiederholung."
            if self.interval and self.interval > 1:
                errors["interval"] = "Ein Abstand gilt nur bei einer Wiederholung."
        if errors:
            raise ValidationError(errors)


class ExceptionKind(models.TextChoices):
    CANCEL = "cancel", "Termin fällt aus"
    MOVE = "move", "Termin verlegt"
    NOTE = "note", "Hinweis zum Termin"


class DateException(Orderable):
    """A change to one date of a page's series: cancelled, moved or with a note."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="date_exceptions")
    original_date = models.DateField(
        "Betroffener Termin", help_text="Der Tag, an dem der Termin nach Plan stattfinden würde."
    )
    kind = models.CharField("Art", max_length=10, choices=ExceptionKind.choices, default=ExceptionKind.CANCEL)
    new_start = models.DateTimeField(
        "Neuer Beginn", null=True, blank=True, help_text="Nur bei „Termin verlegt“."
    )
    new_end = models.DateTimeField(
        "Neues Ende", null=True, blank=True, help_text="Leer: gleiche Dauer wie geplant."
    )
    location_note = models.CharField(
        "Geänderter Ort", max_length=255, blank=True, help_text="Nur ausfüllen, wenn der Ort sich ändert."
    )
    note = models.CharField(
        "Hinweis", max_length=500, blank=True, help_text="Wird beim Termin angezeigt, z. B. der Grund."
    )
    status = models.CharField(
        "Status dieses Termins",
        max_length=20,
        blank=True,
        choices=EventStatus.choices,
        help_text="Leer lassen: „abgesagt“ bei Ausfall, „neuer Termin“ bei Verlegung.",
    )

    panels = [
        FieldRowPanel(["original_date", "kind"]),
        FieldRowPanel(["new_start", "new_end"], heading="Verlegung"),
        FieldPanel("location_note"),
        FieldPanel("note"),
        FieldPanel("status"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Änderung eines einzelnen Termins"
        verbose_name_plural = "Änderungen einzelner Termine"

    def __str__(self):
        return f"{dates.format_date(self.original_date)}: {self.get_kind_display()}"

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == ExceptionKind.MOVE and self.new_start is None:
            errors["new_start"] = "Bitte den neuen Beginn angeben."
        if self.kind != ExceptionKind.MOVE and (self.new_start or self.new_end):
            errors["new_start"] = "Ein neuer Beginn gilt nur bei „Termin verlegt“."
        if self.new_start and self.new_end and self.new_end < self.new_start:
            errors["new_end"] = "Das neue Ende liegt vor dem neuen Beginn."
        if self.kind == ExceptionKind.NOTE and not (self.note or self.location_note or self.status):
            errors["note"] = "Bitte einen Hinweis, einen geänderten Ort oder einen Status angeben."
        if errors:
            raise ValidationError(errors)


DATE_PANELS = [
    InlinePanel("date_rules", heading="Termine", label="Termin oder Terminserie", min_num=1),
    InlinePanel("date_exceptions", heading="Änderungen einzelner Termine", label="Änderung"),
]


def _as_datetime(value) -> datetime:
    """A date becomes local midnight in Berlin; a naive datetime is read as Berlin time."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=dates.BERLIN)
    if isinstance(value, date):
        return datetime.combine(value, time(), dates.BERLIN)
    raise TypeError(f"Expected a date or datetime, got {value!r}")


# Occurrences longer than this are flagged ``long_span``. A range query then needs to look at short
# occurrences only from (range start - SHORT_SPAN) on, which keeps it a bounded scan of the start index,
# and finds the few long ones through the (long_span, end) index.
SHORT_SPAN = timedelta(days=7)


class OccurrenceQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.set_long_span()
        return super().bulk_create(objs, *args, **kwargs)

    def between(self, start, end):
        """Occurrences that overlap [start, end), ordered by start; dates mean local midnight.

        A date overlaps when it starts before ``end`` and ends after ``start``; a point in time
        (end == start) counts when it lies in the range. Whole days end exclusively at midnight,
        so a date ending on 1 July 00:00 is not in July.
        """
        start, end = _as_datetime(start), _as_datetime(end)
        short = Q(start__gte=start - SHORT_SPAN) & (Q(end__gt=start) | Q(start__gte=start))
        long = Q(long_span=True, end__gt=start)
        return self.filter(Q(start__lt=end), short | long).order_by("start", "pk")

    def on_day(self, day: date):
        return self.between(day, day + timedelta(days=1))

    def upcoming(self, now=None):
        """Occurrences not yet over (running ones included), soonest first."""
        now = _as_datetime(now) if now is not None else timezone.now()
        short = Q(start__gte=now - SHORT_SPAN) & (Q(end__gt=now) | Q(start__gte=now))
        return self.filter(short | Q(long_span=True, end__gt=now)).order_by("start", "pk")

    def past(self, now=None):
        """Occurrences that are over, latest first (for an archive)."""
        now = _as_datetime(now) if now is not None else timezone.now()
        return self.filter(end__lte=now, start__lt=now).order_by("-start", "-pk")

    def live(self):
        return self.filter(page__live=True)


class Occurrence(models.Model):
    """One stored date of a page, computed from its rules and exceptions (never edited by hand)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="occurrences", verbose_name="Seite"
    )
    rule = models.ForeignKey(
        DateRule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
        verbose_name="Terminregel",
    )
    start = models.DateTimeField("Beginn")
    end = models.DateTimeField(
        "Ende", help_text="Bei ganztägigen Terminen: Mitternacht nach dem letzten Tag."
    )
    all_day = models.BooleanField("ganztägig", default=False)
    status = models.CharField(
        "Status", max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    original_start = models.DateTimeField(
        "Ursprünglicher Beginn", null=True, blank=True, help_text="Nur bei verlegten Terminen."
    )
    note = models.CharField("Hinweis", max_length=500, blank=True)
    location_note = models.CharField("Geänderter Ort", max_length=255, blank=True)
    long_span = models.BooleanField("länger als eine Woche", default=False, editable=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = "Termin"
        verbose_name_plural = "Termine"
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["start"], name="netzwerk_occ_start_idx"),
            models.Index(fields=["page", "start"], name="netzwerk_occ_page_start_idx"),
            models.Index(fields=["long_span", "end"], name="netzwerk_occ_long_end_idx"),
        ]

    def __str__(self):
        local = timezone.localtime(self.start, dates.BERLIN)
        if self.all_day:
            return f"{dates.format_date(local.date())}, ganztägig"
        return f"{dates.format_date(local.date())}, {dates.format_time(local.time())} Uhr"

    def save(self, *args, **kwargs):
        self.set_long_span()
        super().save(*args, **kwargs)

    def set_long_span(self) -> None:
        self.long_span = self.end - self.start > SHORT_SPAN

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.original_start is not None

    @property
    def last_day(self) -> date:
        """The local day the date ends on (whole days: the day before the exclusive end)."""
        end = timezone.localtime(self.end, dates.BERLIN)
        if self.all_day or (end.time() == time() and self.end > self.start):
            return (end - timedelta(days=1)).date()
        return end.date()

    # --- display helpers (German text in Berlin time) ---

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.start, dates.BERLIN)

    @property
    def local_end(self) -> datetime:
        return timezone.localtime(self.end, dates.BERLIN)

    @property
    def first_day(self) -> date:
        return self.local_start.date()

    @property
    def is_multi_day(self) -> bool:
        return self.last_day > self.first_day

    def days(self) -> list[date]:
        """Every local day the date touches, first to last."""
        first, last = self.first_day, max(self.last_day, self.first_day)
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def time_text(self) -> str:
        """ "18–20 Uhr", "ganztägig", or for several days "Fr 18 Uhr bis So 13 Uhr"-like German text."""
        if self.is_multi_day:
            if self.all_day:
                return f"{dates.format_date_range(self.first_day, self.last_day)}, ganztägig"
            return (
                f"{dates.format_date(self.first_day)}, {dates.format_time(self.local_start.time())} Uhr bis "
                f"{dates.format_date(self.last_day)}, {dates.format_time(self.local_end.time())} Uhr"
            )
        if self.all_day:
            return "ganztägig"
        end = self.local_end.time() if self.end > self.start else None
        return dates.format_time_range(self.local_start.time(), end)

    @property
    def date_text(self) -> str:
        """The date with weekday and time, e.g. "Dienstag, 9. März 2027, 18–20 Uhr"."""
        if self.is_multi_day:
            return self.time_text
        weekday = dates.WEEKDAY_NAMES[dates.WEEKDAY_CODES[self.first_day.weekday()]]
        return f"{weekday}, {dates.format_date(self.first_day)}, {self.time_text}"

    @property
    def original_text(self) -> str:
        """For a moved date: when it was planned, e.g. "11. Januar 2027, 18 Uhr"."""
        if self.original_start is None:
            return ""
        local = timezone.localtime(self.original_start, dates.BERLIN)
        if self.all_day:
            return dates.format_date(local.date())
        return f"{dates.format_date(local.date())}, {dates.format_time(local.time())} Uhr"

    @property
    def status_label(self) -> str:
        """German status for a visible badge; empty when the date takes place as planned."""
        if self.status == EventStatus.SCHEDULED:
            return ""
        return EventStatus(self.status).label


# --- Events and the calendar -------------------------------------------------------------------
#
# Any dated page type appears in the calendar when it mixes in DatedPageMixin, has DATE_PANELS and
# provides the calendar adapter (see ``netzwerk.calendar``): ``calendar_queryset()`` (a classmethod
# returning its pages with everything a list shows, for one query per page type),
# ``calendar_summary(request)`` (a ``CalendarEntry`` for one listed date) and, to take part in
# filters, ``calendar_filter_q(filters)`` (a classmethod returning a Q over Occurrence, or None when
# the type cannot match the chosen filters). Register the class with ``calendar.register``.


class EventCategory(Term):
    """A kind of event, e.g. Stammtisch, Fest or Weiterbildung; a filter in the calendar."""

    class Meta(Term.Meta):
        verbose_name = "Veranstaltungsart"
        verbose_name_plural = "Veranstaltungsarten"


class AttendanceMode(models.TextChoices):
    """How people take part; the stored values are schema.org's EventAttendanceModeEnumeration names."""

    OFFLINE = "OfflineEventAttendanceMode", "vor Ort"
    ONLINE = "OnlineEventAttendanceMode", "online"
    MIXED = "MixedEventAttendanceMode", "vor Ort und online"


class EventPage(RoutablePageMixin, DatedPageMixin, BasePage):
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
        help_text="Nach der Art filtert der Kalender. Neue Arten legen Sie unter „Snippets“ an.",
    )
    target_groups = ParentalManyToManyField(
        "cms.TargetGroup",
        verbose_name="Zielgruppen",
        blank=True,
        related_name="events",
        help_text="Für wen die Veranstaltung gedacht ist.",
    )
    attendance_mode = models.CharField(
        "Teilnahme",
        max_length=30,
        choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
        help_text="Vor Ort, online oder beides.",
    )
    venue = models.ForeignKey(
        "cms.Venue",
        verbose_name="Veranstaltungsort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="Pflicht, wenn die Veranstaltung vor Ort stattfindet. Neue Orte unter „Stammdaten“.",
    )
    online_url = models.URLField(
        "Adresse der Online-Veranstaltung",
        blank=True,
        help_text="Mit https://. Pflicht bei „online“ und „vor Ort und online“.",
    )
    municipality = models.ForeignKey(
        "cms.Municipality",
        verbose_name="Gemeinde",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="Leer lassen: wird aus dem Veranstaltungsort übernommen.",
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
    contact = models.ForeignKey(
        "cms.ContactPerson",
        verbose_name="Ansprechperson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Wer Fragen zur Veranstaltung beantwortet.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Bild",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Erscheint oben auf der Seite.",
    )
    image_alt = models.CharField(
        "Alternativtext des Bildes",
        max_length=250,
        blank=True,
        help_text="Beschreiben Sie kurz, was zu sehen ist. Leer lassen, wenn das Bild nur schmückt.",
    )
    ical_uid = models.UUIDField(
        "Kennung im Kalenderabo",
        default=uuid.uuid4,
        editable=False,
        unique=True,
        help_text="Bleibt für immer gleich, damit abonnierte Kalender Änderungen zuordnen.",
    )
    sequence = models.PositiveIntegerField(
        "Änderungsnummer",
        default=0,
        editable=False,
        help_text="Wächst mit jeder Veröffentlichung, damit abonnierte Kalender Änderungen übernehmen.",
    )

    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("description"),
        index.FilterField("date_status"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("date_status"),
        *DATE_PANELS,
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldPanel("online_url"),
                FieldPanel("municipality"),
            ],
            heading="Ort und Teilnahme",
        ),
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

    def clean(self):
        super().clean()
        errors = {}
        if self.attendance_mode != AttendanceMode.ONLINE and self.venue is None:
            errors["venue"] = "Bitte einen Veranstaltungsort wählen oder „online“ als Teilnahme angeben."
        if self.attendance_mode != AttendanceMode.OFFLINE and not self.online_url:
            errors["online_url"] = "Bitte die Adresse angeben, unter der man online teilnimmt."
        if self.is_free and self.cost:
            errors["cost"] = "Eine kostenlose Veranstaltung hat keine Kosten. Bitte eins von beiden ändern."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.municipality_id is None and self.venue_id is not None:
            self.municipality_id = (
                Venue.objects.filter(pk=self.venue_id).values_list("municipality_id", flat=True).first()
            )
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision brings back the content, never an older UID or change number."""
        obj = super().with_content_json(content)
        obj.ical_uid = self.ical_uid
        obj.sequence = self.sequence
        return obj

    # --- what the page shows ---

    @property
    def is_online(self) -> bool:
        return self.attendance_mode != AttendanceMode.OFFLINE

    @property
    def is_on_site(self) -> bool:
        return self.attendance_mode != AttendanceMode.ONLINE

    @property
    def is_cancelled(self) -> bool:
        return self.date_status == EventStatus.CANCELLED

    def rule_list(self):
        return list(self.date_rules.all().order_by("sort_order", "pk"))

    def upcoming_occurrences(self, now=None):
        return Occurrence.objects.filter(page_id=self.pk).upcoming(now)

    def next_occurrence(self, now=None):
        """The next date not yet over; the last one when all are past; None without dates."""
        upcoming = self.upcoming_occurrences(now).first()
        if upcoming is not None:
            return upcoming
        return Occurrence.objects.filter(page_id=self.pk).past(now).first()

    RELATED = ("venue", "organiser", "category", "municipality", "contact", "image")

    def load_related(self) -> None:
        """The snippets the page shows, in one query (two with the target groups), not one each."""
        if getattr(self, "_related_loaded", False) or self.pk is None:
            return
        loaded = type(self).objects.select_related(*self.RELATED).filter(pk=self.pk).first()
        if loaded is not None:
            for name in self.RELATED:
                if getattr(self, f"{name}_id") == getattr(loaded, f"{name}_id"):
                    setattr(self, name, getattr(loaded, name))
        self.target_group_list = list(self.target_groups.all()) if self.pk else []
        self._related_loaded = True

    def upcoming_list(self, limit: int = 21, now=None) -> list:
        """The next dates (cached per request so the page and its JSON-LD share one query)."""
        cache = self.__dict__.setdefault("_upcoming_cache", {})
        if (limit, now) not in cache:
            cache[(limit, now)] = list(self.upcoming_occurrences(now)[:limit])
        return cache[(limit, now)]

    def get_context(self, request, *args, **kwargs):
        from netzwerk import calendar

        self.load_related()
        context = super().get_context(request, *args, **kwargs)
        upcoming = self.upcoming_list(calendar.EVENT_PAGE_DATES + 1)
        context["upcoming"] = upcoming[: calendar.EVENT_PAGE_DATES]
        context["more_upcoming"] = len(upcoming) > calendar.EVENT_PAGE_DATES
        context["rules"] = self.rule_list()
        context["calendar_page"] = self.get_parent()
        context.update(calendar.feed_links(context["calendar_page"], event=self))
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("ical/", name="ical")
    def ical_route(self, request):
        from netzwerk import ical

        return ical.event_feed_response(request, self)

    # --- the calendar adapter (see netzwerk.calendar) ---

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
        from netzwerk.calendar import CalendarEntry

        place = ""
        if self.venue is not None:
            place = self.venue.address_line
        if self.is_online:
            place = f"{place} und online" if place and self.is_on_site else (place or "online")
        return CalendarEntry(
            page_id=self.pk,
            title=self.title,
            url=self.get_url(request),
            teaser=self.teaser,
            place=place,
            municipality=self.municipality.name if self.municipality else "",
            organiser=self.organiser.name if self.organiser else "",
            category=self.category.name if self.category else "",
            online=self.is_online,
            free=self.is_free,
            kind="Veranstaltung",
        )

    @classmethod
    def calendar_filter_q(cls, filters) -> Q | None:
        q = Q(page__eventpage__isnull=False)
        if filters.category is not None:
            q &= Q(page__eventpage__category=filters.category)
        if filters.target_group is not None:
            q &= Q(page__eventpage__target_groups=filters.target_group)
        if filters.municipality is not None:
            q &= Q(page__eventpage__municipality=filters.municipality)
        if filters.organiser is not None:
            q &= Q(page__eventpage__organiser=filters.organiser)
        if filters.attendance == "online":
            q &= ~Q(page__eventpage__attendance_mode=AttendanceMode.OFFLINE)
        elif filters.attendance == "vor-ort":
            q &= ~Q(page__eventpage__attendance_mode=AttendanceMode.ONLINE)
        if filters.free:
            q &= Q(page__eventpage__is_free=True)
        if filters.text:
            q &= Q(page__title__icontains=filters.text) | Q(page__eventpage__teaser__icontains=filters.text)
        return q

    # --- structured data ---

    def get_json_ld(self, request=None):
        from netzwerk.structured_data import event_json_ld

        return event_json_ld(self, request)


class CalendarPage(RoutablePageMixin, BasePage):
    """The network calendar: upcoming dates, month grid, day view, archive, filters and feeds."""

    intro = models.TextField(
        "Einleitung",
        max_length=500,
        blank=True,
        help_text="Ein, zwei Sätze über dem Kalender, z. B. wer Termine melden kann.",
    )
    per_page = models.PositiveSmallIntegerField(
        "Termine je Seite",
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
        help_text="So viele Termine zeigt die Liste auf einer Seite (5 bis 100).",
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["netzwerk.EventPage", "home.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = "Kalender"
        verbose_name_plural = "Kalender"

    @path("", name="list")
    def list_route(self, request):
        from netzwerk import views

        return views.upcoming_list(self, request)

    @path("monat/<int:year>/<int:month>/", name="month")
    def month_route(self, request, year, month):
        from netzwerk import views

        return views.month_view(self, request, year, month)

    @path("monat/", name="this_month")
    def this_month_route(self, request):
        from netzwerk import views

        return views.month_view(self, request, None, None)

    @path("tag/<str:day>/", name="day")
    def day_route(self, request, day):
        from netzwerk import views

        return views.day_view(self, request, day)

    @path("archiv/", name="archive")
    def archive_route(self, request):
        from netzwerk import views

        return views.archive(self, request)

    @path("ical/", name="ical")
    def ical_route(self, request):
        from netzwerk import ical

        return ical.calendar_feed_response(request, self)

    @path("rss/", name="rss")
    def rss_route(self, request):
        from netzwerk.feeds import UpcomingEventsFeed

        return UpcomingEventsFeed(self)(request)

    # --- "Veranstaltung melden" (netzwerk.submissions) ---

    @path("melden/", name="submit")
    def submit_route(self, request):
        from netzwerk.submissions import submit

        return submit(request, self)

    @path("melden/danke/", name="submit_thanks")
    def submit_thanks_route(self, request):
        from netzwerk.submissions import submit_thanks

        return submit_thanks(request, self)

    @property
    def submit_url(self):
        return self.url + self.reverse_subpage("submit")


# Submissions by associations and the partner-calendar import (their own module; imported here so that
# Django finds the models).
from netzwerk.submission_models import EventSubmission, ImportRun, PartnerEvent  # noqa: E402, F401
