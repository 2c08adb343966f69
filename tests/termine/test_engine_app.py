"""The date engine's app: its contract with dated page types, and the move of its tables."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.apps import apps as live_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from netzwerk.models import EventPage
from qualifizierung.models import CourseRunPage
from termine.entries import CalendarEntrySource, calendar_types, register
from termine.models import AttendanceMode, DatedPageMixin, PlacedDatedPageMixin
from tests.factories import make_course


def test_every_registered_dated_page_type_keeps_the_calendar_entry_contract():
    types = calendar_types()
    assert {EventPage, CourseRunPage} <= set(types)
    for model in types:
        assert isinstance(model, CalendarEntrySource), model
        assert issubclass(model, DatedPageMixin), model


def test_a_page_type_without_the_adapter_cannot_register():
    class Undated:
        def calendar_summary(self, request=None): ...

    with pytest.raises(TypeError, match="CalendarEntrySource"):
        register(Undated)
    assert Undated not in calendar_types()


@pytest.mark.django_db
def test_events_and_course_runs_share_one_placed_page_mixin():
    for model in (EventPage, CourseRunPage):
        assert issubclass(model, PlacedDatedPageMixin)
        names = {field.name for field in model._meta.get_fields()}
        assert {"attendance_mode", "venue", "online_url", "municipality", "ical_uid", "sequence"} <= names
    online = EventPage(attendance_mode=AttendanceMode.ONLINE, online_url="https://example.org")
    assert online.is_online and not online.is_on_site
    assert online.place_errors() == {}
    offline = CourseRunPage(attendance_mode=AttendanceMode.OFFLINE)
    assert offline.place_errors() == {
        "venue": "Bitte einen Kursort wählen oder „online“ als Teilnahme angeben."
    }


class FieldTexts(HTMLParser):
    """The label text of every form field, and all help texts, of an admin page."""

    def __init__(self):
        super().__init__()
        self.labels, self.help_texts = {}, []
        self._label_for = self._in_help = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self._label_for = attrs["for"]
            self.labels[self._label_for] = ""
        elif attrs.get("id", "").endswith("-helptext"):
            self._in_help = True
            self.help_texts.append("")

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None
        elif tag == "div" and self._in_help:
            self._in_help = None

    def handle_data(self, data):
        if self._label_for:
            self.labels[self._label_for] += data.strip()
        if self._in_help:
            self.help_texts[-1] += data.strip()


@pytest.mark.django_db
def test_event_and_course_run_forms_name_the_place_in_their_own_words(admin_client, calendar_page, programme):
    course = make_course(programme, "Vereinsrecht kompakt")
    expected = {
        ("netzwerk", "eventpage", calendar_page.pk): {
            "id_venue": "Veranstaltungsort",
            "id_online_url": "Adresse der Online-Veranstaltung",
            "help": [
                "Pflicht, wenn die Veranstaltung vor Ort stattfindet. Neue Orte unter „Stammdaten“.",
                "Leer lassen: wird aus dem Veranstaltungsort übernommen.",
            ],
        },
        ("qualifizierung", "courserunpage", course.pk): {
            "id_venue": "Kursort",
            "id_online_url": "Adresse des Online-Raums",
            "help": [
                "Pflicht, wenn der Kurs vor Ort stattfindet. Neue Orte unter „Stammdaten“.",
                "Mit https://. Pflicht bei „online“; erscheint nur in den E-Mails an Angemeldete.",
                "Leer lassen: wird aus dem Kursort übernommen.",
            ],
        },
    }
    for args, texts in expected.items():
        html = admin_client.get(reverse("wagtailadmin_pages:add", args=args)).content.decode()
        page = FieldTexts()
        page.feed(html)
        assert page.labels["id_venue"].rstrip("*") == texts["id_venue"], args
        assert page.labels["id_online_url"].rstrip("*") == texts["id_online_url"], args
        assert set(texts["help"]) <= set(page.help_texts), args


BEFORE = [("netzwerk", "0008_review_date"), ("termine", None)]
AFTER = [("netzwerk", "0009_move_date_engine_to_termine"), ("termine", "0001_initial")]


@pytest.fixture
def back_to_the_latest_migrations():
    """The test migrates back in time; afterwards every app is migrated forward again (later migrations too)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_the_engine_to_termine_keeps_rows_and_content_types(back_to_the_latest_migrations):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([BEFORE[0]]).apps
    Page = old.get_model("wagtailcore", "Page")
    ContentType = old.get_model("contenttypes", "ContentType")
    old_type = ContentType.objects.get_or_create(app_label="netzwerk", model="occurrence")[0]
    ContentType.objects.filter(app_label="termine").delete()
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    locale = old.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="de")[0]
    page = Page.objects.create(
        title="Stammtisch",
        slug="stammtisch-migration",
        path="00019999",
        depth=2,
        content_type=page_type,
        locale=locale,
    )
    rule = old.get_model("netzwerk", "DateRule").objects.create(
        page=page, start_date="2027-03-09", sort_order=0
    )
    old.get_model("netzwerk", "DateException").objects.create(
        page=page, original_date="2027-03-16", sort_order=0
    )
    start = datetime(2027, 3, 9, 17, tzinfo=UTC)
    occurrence = old.get_model("netzwerk", "Occurrence").objects.create(
        page=page, rule=rule, start=start, end=start
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("termine", "Occurrence").objects.get(pk=occurrence.pk)
    assert (moved.page_id, moved.rule_id, moved.start) == (page.pk, rule.pk, start)
    assert new.get_model("termine", "DateRule").objects.filter(page_id=page.pk).count() == 1
    assert new.get_model("termine", "DateException").objects.filter(page_id=page.pk).count() == 1
    content_type = new.get_model("contenttypes", "ContentType").objects.get(pk=old_type.pk)
    assert content_type.app_label == "termine"
    assert live_apps.get_model("termine", "Occurrence")._meta.db_table == "netzwerk_occurrence"
