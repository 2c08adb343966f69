"""The date engine's models: date rules and exceptions on any page, the stored occurrences, and the
abstract mixins of a dated page and of a dated, placed page.

Any dated page type (events, course runs) gets its dates by adding ``InlinePanel("date_rules")`` and
``InlinePanel("date_exceptions")`` (see ``DATE_PANELS``) and, for a status of the whole item,
``DatedPageMixin``. Occurrences are computed from rules and exceptions on publishing
(``termine.occurrences.sync_occurrences``) so that a date range is one indexed query.
"""

import uuid
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from cms.content.visibility import visible_pages
from cms.models import Venue
from termine import dates

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

    def page_occurrences(self):
        """This page's stored dates, as an ``OccurrenceQuerySet`` (``upcoming()``, ``past()`` …)."""
        return Occurrence.objects.filter(page_id=self.pk)


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
        db_table = "netzwerk_daterule"  # the table of before the move to termine (no data moved)
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
        db_table = "netzwerk_dateexception"  # the table of before the move to termine (no data moved)
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
        """Dates of pages the public may see: live, with no view restriction on the page or above it."""
        return visible_pages(self, "page")


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
        db_table = "netzwerk_occurrence"  # the table of before the move to termine (no data moved)
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


class AttendanceMode(models.TextChoices):
    """How people take part; the stored values are schema.org's EventAttendanceModeEnumeration names."""

    OFFLINE = "OfflineEventAttendanceMode", "vor Ort"
    ONLINE = "OnlineEventAttendanceMode", "online"
    MIXED = "MixedEventAttendanceMode", "vor Ort und online"


# The attendance filter of date lists (calendar, course catalogue): URL value → German label.
ATTENDANCE_CHOICES = {"vor-ort": "vor Ort", "online": "online"}


ONLINE_HELP = "Mit https://. Pflicht bei „online“ und „vor Ort und online“."


def place_panel(venue_label: str, subject: str, online_label: str, online_help: str = ONLINE_HELP):
    """The panel "Ort und Teilnahme" in a page type's own words, e.g. ("Kursort", "der Kurs", …)."""
    return MultiFieldPanel(
        [
            FieldPanel("attendance_mode"),
            FieldPanel(
                "venue",
                heading=venue_label,
                help_text=f"Pflicht, wenn {subject} vor Ort stattfindet. Neue Orte unter „Stammdaten“.",
            ),
            FieldPanel("online_url", heading=online_label, help_text=online_help),
            FieldPanel("municipality", help_text=f"Leer lassen: wird aus dem {venue_label} übernommen."),
        ],
        heading="Ort und Teilnahme",
    )


class PlacedDatedPageMixin(DatedPageMixin):
    """A dated page that happens somewhere: venue, online address, attendance mode, the municipality
    copied from the venue, and the stable iCalendar UID and change number (mix in before ``Page``).

    The fields carry neutral labels; a page type names its kind of place in ``venue_label`` (used in
    the error text) and shows its own labels with ``place_panel``. Reverse names are Django's defaults,
    e.g. ``venue.eventpage_set`` and ``Venue.objects.filter(courserunpage__…)``.
    """

    attendance_mode = models.CharField(
        "Teilnahme",
        max_length=30,
        choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
        help_text="Vor Ort, online oder beides.",
    )
    venue = models.ForeignKey(
        "cms.Venue",
        verbose_name="Ort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Pflicht, wenn der Termin vor Ort stattfindet. Neue Orte unter „Stammdaten“.",
    )
    online_url = models.URLField(
        "Adresse für die Online-Teilnahme",
        blank=True,
        help_text=ONLINE_HELP,
    )
    municipality = models.ForeignKey(
        "cms.Municipality",
        verbose_name="Gemeinde",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Leer lassen: wird aus dem Ort übernommen.",
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

    venue_label = "Ort"  # the page type's word for its place, e.g. "Kursort"
    # Bookkeeping a revision or a copy never brings back (a subclass adds its own names).
    KEPT_FIELDS = ("ical_uid", "sequence")

    class Meta:
        abstract = True

    @property
    def venue_missing_message(self) -> str:
        return f"Bitte einen {self.venue_label} wählen oder „online“ als Teilnahme angeben."

    def place_errors(self) -> dict:
        """The errors of place and attendance, for the page's ``clean``."""
        errors = {}
        if self.attendance_mode != AttendanceMode.ONLINE and self.venue is None:
            errors["venue"] = self.venue_missing_message
        if self.attendance_mode != AttendanceMode.OFFLINE and not self.online_url:
            errors["online_url"] = "Bitte die Adresse angeben, unter der man online teilnimmt."
        return errors

    def clean(self):
        super().clean()
        errors = self.place_errors()
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
        for name in self.KEPT_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    @classmethod
    def place_filter_q(cls, filters) -> Q:
        """The calendar's municipality and attendance filters as a condition on occurrences of this type."""
        prefix = f"page__{cls._meta.model_name}__"
        q = Q(**{f"{prefix}isnull": False})
        if filters.municipality is not None:
            q &= Q(**{f"{prefix}municipality": filters.municipality})
        if filters.attendance == "online":
            q &= ~Q(**{f"{prefix}attendance_mode": AttendanceMode.OFFLINE})
        elif filters.attendance == "vor-ort":
            q &= ~Q(**{f"{prefix}attendance_mode": AttendanceMode.ONLINE})
        return q

    @property
    def is_online(self) -> bool:
        return self.attendance_mode != AttendanceMode.OFFLINE

    @property
    def is_on_site(self) -> bool:
        return self.attendance_mode != AttendanceMode.ONLINE

    @property
    def is_cancelled(self) -> bool:
        return self.date_status == EventStatus.CANCELLED

    @property
    def place_text(self) -> str:
        """ "Bürgerhaus, Markt 1, Sondershausen und online", "online" or the address."""
        place = self.venue.address_line if self.venue_id and self.venue else ""
        if self.is_online:
            place = f"{place} und online" if place and self.is_on_site else (place or "online")
        return place


class FeedText(models.Model):
    """The serialised VEVENTs of one page in the iCalendar feeds, kept in the database (termine/ical.py).

    Serialising costs about a millisecond per date; kept here, a cold feed (after a cache clear, a new
    worker) only concatenates text. A row is renewed when its page was published since (``published``),
    daily for an open series that skips holidays (``day``), and all rows go when a venue or another name
    in the text changes. ``host`` because the text holds absolute addresses."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    host = models.CharField(max_length=255)
    published = models.DateTimeField(null=True)
    day = models.DateField(null=True)
    text = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "host"], name="termine_feedtext_page_host")]
