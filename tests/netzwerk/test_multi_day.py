"""Dates of several days with the frozen clock (Wednesday, 2 December 2026): a six-week exhibition and a
timed weekend seminar are named once per week row in the month grid, once in the list under their first
day in range with their span, and every heading counts what it shows."""

from datetime import date, time

import pytest
from bs4 import BeautifulSoup

from tests.factories import event, single


@pytest.fixture
def exhibition(calendar_page):
    """Whole days from Wednesday 25 November 2026 to Wednesday 6 January 2027: six weeks."""
    return event(
        calendar_page,
        "Ausstellung Ehrenamt im Bild",
        [{"start_date": date(2026, 11, 25), "end_date": date(2027, 1, 6), "all_day": True}],
    )


@pytest.fixture
def seminar(calendar_page):
    """Friday 4 December 2026, 18:00, to Sunday 6 December, 13:00."""
    return event(
        calendar_page,
        "Wochenendseminar Vereinsvorstand",
        [
            {
                "start_date": date(2026, 12, 4),
                "start_time": time(18),
                "end_date": date(2026, 12, 6),
                "end_time": time(13),
            }
        ],
    )


@pytest.fixture
def evening(calendar_page):
    return event(calendar_page, "Stammtisch", [single(date(2026, 12, 9))])


def cells_naming(response, title):
    return [
        cell.day
        for week in response.context["weeks"]
        for cell in week
        if cell.in_month and any(o.entry.title == title for o in cell.dates)
    ]


def listed(response):
    return [(day, [o.entry.title for o in items]) for day, _heading, items in response.context["days"]]


@pytest.mark.django_db
def test_the_month_grid_names_an_exhibition_once_per_week_row_with_its_end(
    client, calendar_page, exhibition, seminar, evening
):
    response = client.get(f"{calendar_page.url}monat/2026/12/")

    # December 2026 has five week rows (Monday first); the exhibition is running in each of them.
    assert len(response.context["weeks"]) == 5
    assert cells_naming(response, "Ausstellung Ehrenamt im Bild") == [
        date(2026, 12, 1),
        date(2026, 12, 7),
        date(2026, 12, 14),
        date(2026, 12, 21),
        date(2026, 12, 28),
    ]
    assert cells_naming(response, "Wochenendseminar Vereinsvorstand") == [date(2026, 12, 4)]
    html = BeautifulSoup(response.content, "html.parser")
    grid = html.find("table", class_="calendar__grid")
    texts = [a.get_text() for a in grid.select(".calendar__cell-list a")]
    assert texts.count("Ausstellung Ehrenamt im Bild, bis 6. Januar") == 5
    assert "18:00 Wochenendseminar Vereinsvorstand, bis 6. Dezember, 13:00" in texts
    assert "18:00 Stammtisch" in texts
    assert len(texts) == 7


@pytest.mark.django_db
def test_the_month_count_is_the_number_of_dates_and_the_phone_list_repeats_the_grid(
    client, calendar_page, exhibition, seminar, evening
):
    response = client.get(f"{calendar_page.url}monat/2026/12/")

    html = BeautifulSoup(response.content, "html.parser")
    assert "3 Termine im Dezember 2026." in html.find("main").get_text(" ", strip=True)
    agenda = html.find("ol", attrs={"aria-label": "Termine im Dezember 2026 nach Tagen"})
    days = [item.find("time")["datetime"] for item in agenda.find_all("li", class_="calendar__day")]
    assert days == [
        "2026-12-01",
        "2026-12-04",
        "2026-12-07",
        "2026-12-09",
        "2026-12-14",
        "2026-12-21",
        "2026-12-28",
    ]
    grid_texts = [a.get_text() for a in html.select(".calendar__cell-list a")]
    agenda_texts = [a.get_text() for a in agenda.select(".calendar__list a")]
    assert agenda_texts == grid_texts


@pytest.mark.django_db
def test_the_november_grid_names_the_exhibition_on_its_first_day_and_on_the_monday_after(
    client, calendar_page, exhibition
):
    response = client.get(f"{calendar_page.url}monat/2026/11/")

    assert cells_naming(response, "Ausstellung Ehrenamt im Bild") == [date(2026, 11, 25), date(2026, 11, 30)]
    assert response.context["count"] == 1


@pytest.mark.django_db
def test_the_list_shows_each_date_once_under_its_first_day_in_range_with_its_span(
    client, calendar_page, exhibition, seminar, evening
):
    response = client.get(calendar_page.url)

    # The running exhibition is listed today (it began before), the seminar on its Friday only.
    assert listed(response) == [
        (date(2026, 12, 2), ["Ausstellung Ehrenamt im Bild"]),
        (date(2026, 12, 4), ["Wochenendseminar Vereinsvorstand"]),
        (date(2026, 12, 9), ["Stammtisch"]),
    ]
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("h2", id="results-heading").get_text(strip=True) == "3 kommende Termine"
    assert len(html.select(".calendar__days .occurrence")) == 3
    spans = [p.get_text(strip=True) for p in html.select(".calendar__days .occurrence__when")]
    assert spans[0] == "25. November 2026 – 6. Januar 2027, ganztägig"
    assert spans[1] == "4. Dezember 2026, 18 Uhr bis 6. Dezember 2026, 13 Uhr"


@pytest.mark.django_db
def test_a_list_from_the_seminars_sunday_shows_it_once_on_that_day(client, calendar_page, seminar, evening):
    response = client.get(calendar_page.url, {"von": "2026-12-06", "bis": "2026-12-31"})

    assert listed(response) == [
        (date(2026, 12, 6), ["Wochenendseminar Vereinsvorstand"]),
        (date(2026, 12, 9), ["Stammtisch"]),
    ]


@pytest.mark.django_db
def test_the_day_view_of_the_seminars_saturday_shows_it_and_counts_it(client, calendar_page, seminar):
    response = client.get(f"{calendar_page.url}tag/2026-12-05/")

    assert [o.entry.title for o in response.context["occurrences"]] == ["Wochenendseminar Vereinsvorstand"]
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("h2", class_="calendar__result").get_text(strip=True) == "1 Termin"


@pytest.mark.django_db
def test_quick_ranges_lead_to_today_the_weekend_the_next_seven_days_and_this_month(client, calendar_page):
    response = client.get(calendar_page.url, {"gemeinde": "artern"})

    html = BeautifulSoup(response.content, "html.parser")
    nav = html.find("nav", attrs={"aria-label": "Zeitraum der Liste"})
    links = {a.get_text(strip=True): a["href"] for a in nav.find_all("a")}
    base = calendar_page.url
    assert links == {
        "Heute": f"{base}?gemeinde=artern&von=2026-12-02&bis=2026-12-02",
        "Dieses Wochenende": f"{base}?gemeinde=artern&von=2026-12-05&bis=2026-12-06",
        "Nächste 7 Tage": f"{base}?gemeinde=artern&von=2026-12-02&bis=2026-12-08",
        "Diesen Monat": f"{base}?gemeinde=artern&von=2026-12-02&bis=2026-12-31",
    }


@pytest.mark.django_db
def test_the_chosen_quick_range_is_marked_and_counted_as_filters(client, calendar_page, seminar):
    response = client.get(calendar_page.url, {"von": "2026-12-05", "bis": "2026-12-06"})

    html = BeautifulSoup(response.content, "html.parser")
    current = html.find("nav", attrs={"aria-label": "Zeitraum der Liste"}).find(
        "a", attrs={"aria-current": "true"}
    )
    assert current.get_text(strip=True) == "Dieses Wochenende"
    assert html.find("summary").get_text(strip=True) == "Filter (1 aktiv)"  # one period
    assert listed(response) == [(date(2026, 12, 5), ["Wochenendseminar Vereinsvorstand"])]
