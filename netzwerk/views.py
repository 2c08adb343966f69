"""The calendar views (routes of CalendarPage): upcoming list, month grid, day view, archive.

All are plain server-rendered HTML with GET filters in the query string; see ``netzwerk.calendar``
for the queries. Every view costs a fixed number of queries whatever the number of dates.
"""

from datetime import date, timedelta

from django.utils import timezone

from cms.content.pagination import paginate
from cms.forms.public import PublicFormView
from cms.models import cached_structure
from netzwerk import calendar
from netzwerk.calendar import FilterOptions, attach_entries, parse_filters
from netzwerk.feeds import UpcomingEventsFeed
from netzwerk.forms import SubmissionForm
from netzwerk.services import SUBMISSIONS_PER_HOUR, create_draft
from termine import ical


def _render(page, request, view, template, filters, options, **context):
    """Renders a calendar view with the filter form, the view switch and the feed links."""
    today = timezone.localdate()
    base = page.get_url(request)
    query = f"?{filters.query_string}" if filters.active else ""
    start = filters.date_from or today  # "von" leads the month view to its month
    links = {
        "list": base + query,
        "month": f"{base}monat/{start.year}/{start.month:02d}/{query}",
        "day": f"{base}tag/{today.isoformat()}/{query}",
        "archive": f"{base}archiv/{query}",
    }
    context.setdefault("day_base", f"{base}tag/")
    context["page_links"] = calendar.page_window(context.get("page_obj"))
    context.update(
        view=view,
        filters=filters,
        options=options,
        attendance_choices=list(calendar.ATTENDANCE_CHOICES.items()),
        view_links=links,
        query=query,
        today=today,
        help_page=calendar.help_page(page),
        quick_ranges=calendar.quick_ranges(base, filters, today),
        **calendar.feed_links(page, filters, request=request),
    )
    return page.render(request, template=template, context_overrides=context)


def _filters(request):
    options = FilterOptions.load()
    return parse_filters(request, options), options


def _dates_page(request, page, dates, count_prefix, filters):
    """One page of ``dates`` (its count cached under ``count_prefix`` and the filters) and its occurrences
    with their entries."""
    page_obj = paginate(
        request,
        dates,
        page.per_page,
        paginator_class=calendar.CachedCountPaginator,
        count_key=f"{count_prefix}:{filters.query_string}",
    )
    return page_obj, attach_entries(page_obj.object_list, request)


def upcoming_list(request, page):
    filters, options = _filters(request)
    page_obj, occurrences = _dates_page(
        request, page, calendar.upcoming_dates(filters), f"upcoming:{page.pk}", filters
    )
    today = timezone.localdate()
    not_before = max(today, filters.date_from) if filters.date_from else today
    return _render(
        page,
        request,
        "list",
        "netzwerk/calendar_page.html",
        filters,
        options,
        page_obj=page_obj,
        days=[
            (day, calendar.day_heading(day), items)
            for day, items in calendar.group_by_day(occurrences, not_before)
        ],
    )


def archive(request, page):
    filters, options = _filters(request)
    page_obj, occurrences = _dates_page(
        request, page, calendar.past_dates(filters), f"past:{page.pk}", filters
    )
    groups = calendar.group_by_day(occurrences)
    groups.reverse()
    return _render(
        page,
        request,
        "archive",
        "netzwerk/calendar_archive.html",
        filters,
        options,
        page_obj=page_obj,
        days=[(day, calendar.day_heading(day), items) for day, items in groups],
    )


def month_view(request, page, year, month):
    today = timezone.localdate()
    if year is None:
        year, month = today.year, today.month
    calendar.check_month(year, month)
    filters, options = _filters(request)
    first = date(year, month, 1)
    next_year, next_month = calendar.shift_month(year, month, 1)
    prev_year, prev_month = calendar.shift_month(year, month, -1)
    rows = calendar.month_rows(calendar.range_dates(filters, first, date(next_year, next_month, 1)))
    weeks, shown = calendar.month_grid(year, month, rows, today)
    for occurrence in attach_entries(shown, request):
        occurrence.cell_text = calendar.cell_text(occurrence)
    base = page.get_url(request)
    query = f"?{filters.query_string}" if filters.active else ""
    return _render(
        page,
        request,
        "month",
        "netzwerk/calendar_month.html",
        filters,
        options,
        year=year,
        month=month,
        month_name=calendar.month_name(year, month),
        weeks=weeks,
        weekdays=[(code, name) for code, name in calendar.dates.WEEKDAY_NAMES.items()],
        count=len(rows),
        prev_url=f"{base}monat/{prev_year}/{prev_month:02d}/{query}"
        if prev_year >= calendar.MIN_YEAR
        else "",
        prev_name=calendar.month_name(prev_year, prev_month),
        next_url=f"{base}monat/{next_year}/{next_month:02d}/{query}"
        if next_year <= calendar.MAX_YEAR
        else "",
        next_name=calendar.month_name(next_year, next_month),
    )


def day_view(request, page, raw_day):
    day = calendar.parse_day(raw_day)
    filters, options = _filters(request)
    occurrences = attach_entries(calendar.range_dates(filters, day, day + timedelta(days=1)), request)
    base = page.get_url(request)
    query = f"?{filters.query_string}" if filters.active else ""
    previous, following = day - timedelta(days=1), day + timedelta(days=1)
    return _render(
        page,
        request,
        "day",
        "netzwerk/calendar_day.html",
        filters,
        options,
        day=day,
        day_name=calendar.day_heading(day),
        occurrences=occurrences,
        month_url=f"{base}monat/{day.year}/{day.month:02d}/{query}",
        prev_url=f"{base}tag/{previous.isoformat()}/{query}",
        prev_name=calendar.day_heading(previous),
        next_url=f"{base}tag/{following.isoformat()}/{query}",
        next_name=calendar.day_heading(following),
    )


def event_page(request, page):
    """An event's own page, with the feed links of its calendar."""
    calendar_page = page.get_parent()
    context = {"calendar_page": calendar_page, **calendar.feed_links(calendar_page, event=page)}
    return page.render(request, context_overrides=context)


def event_ical(request, page):
    return ical.event_feed_response(request, page)


def calendar_ical(request, page):
    """The whole calendar or a filtered view (same query parameters): everything not over for a month."""
    filters = calendar.parse_filters(request)
    name = "Termine im Kyffhäuserkreis" + (" (Auswahl)" if filters.active else "")

    def build():
        cutoff = timezone.now() - timedelta(days=calendar.FEED_PAST_DAYS)
        queryset = calendar.live_dates(filters).filter(end__gt=cutoff)
        if filters.date_from:
            queryset = queryset.filter(end__gt=calendar.local_midnight(filters.date_from))
        if filters.date_to:
            queryset = queryset.filter(start__lt=calendar.local_midnight(filters.date_to + timedelta(days=1)))
        page_ids = set(queryset.order_by().values_list("page_id", flat=True).distinct())
        if not filters.active:
            return ical.feed_bytes(request, name, page_ids)
        # A filtered view is a range: its feed carries the dates of the range, not whole series.
        start = max(cutoff, calendar.local_midnight(filters.date_from)) if filters.date_from else cutoff
        end = calendar.local_midnight(filters.date_to + timedelta(days=1)) if filters.date_to else None
        return ical.feed_bytes(request, name, page_ids, ical.Window(start, end))

    day = timezone.localdate().isoformat()
    key = f"netzwerk:feed:{request.get_host()}:{day}:{ical.snippets_version()}:{filters.query_string}"
    return ical.feed_response(cached_structure(key, build), "termine-kyffhaeuserkreis")


def rss(request, page):
    return UpcomingEventsFeed(page)(request)


# --- "Veranstaltung melden" (routes of CalendarPage: melden/ and melden/danke/) ----------------------


class SubmissionView(PublicFormView):
    """The form "Veranstaltung melden" of a calendar page; the draft is made by ``create_draft``."""

    form_class = SubmissionForm
    template_name = "netzwerk/submission_form.html"
    thanks_template = "netzwerk/submission_thanks.html"
    thanks_route = "submit_thanks"
    what = "Ihre Meldung"
    rate_limit_name = "netzwerk-meldung"
    rate_limit_setting = "NETZWERK_SUBMISSIONS_PER_HOUR"
    rate_limit_per_hour = SUBMISSIONS_PER_HOUR
    too_many_message = (
        "Von Ihrem Anschluss sind in der letzten Stunde schon mehrere Meldungen gekommen. "
        "Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns eine E-Mail."
    )

    def save(self, form):
        create_draft(self.page, form)


submit = SubmissionView.as_route()
submit_thanks = SubmissionView.as_thanks_route()
