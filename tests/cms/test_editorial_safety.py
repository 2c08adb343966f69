"""Editorial safety: a reviewer compares revisions before publishing; sending back with a comment reaches
the author by e-mail; deleting or unpublishing a linked page lists where it is used; renaming and moving
keep old addresses (sub-paths of routable pages included); expired pages go offline."""

import re
from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.models import NavigationItem, SiteConfiguration
from netzwerk.models import EventPage
from qualifizierung.models import CourseRunPage
from termine.models import DateRule
from tests.factories import (
    ContactPersonFactory,
    ContentPageFactory,
    FundingProgrammePageFactory,
    NewsPageFactory,
    UserFactory,
    event,
    in_days,
    make_course,
    make_run,
    single,
)


@pytest.fixture
def team(db):
    """An editor (group Redaktion) and a reviewer (group Freigabe), both with e-mail addresses."""
    people = [("redakteurin", "Rita", "Roth", "Redaktion"), ("freigabe", "Frank", "Fuchs", "Freigabe")]
    editor, reviewer = (
        UserFactory(
            username=username,
            email=f"{first.lower()}@kyffhaeuser.example",
            first_name=first,
            last_name=last,
            groups=[group],
        )
        for username, first, last, group in people
    )
    return editor, reviewer


def text(response):
    """The visible text of a response, tags stripped and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def submit_changes_of_event(calendar_page, editor):
    """A live event; the editor changes the description and the date and submits it for review."""
    live = event(
        calendar_page,
        "Sommerfest der Vereine",
        [single(date(2031, 6, 14))],
        description=[("paragraph", RichText("<p>Wir feiern im Stadtpark.</p>"))],
    )
    draft = EventPage.objects.get(pk=live.pk)
    draft.description = [("paragraph", RichText("<p>Wir feiern auf dem Marktplatz.</p>"))]
    draft.date_rules = [DateRule(start_date=date(2031, 6, 21), start_time=time(18), end_time=time(20))]
    revision = draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    return draft, revision


# --- a) compare revisions ---------------------------------------------------------------------


@pytest.mark.django_db
def test_reviewer_sees_old_and_new_text_and_date_between_live_and_submitted_revision(
    client, team, calendar_page
):
    editor, reviewer = team
    page, revision = submit_changes_of_event(calendar_page, editor)
    client.force_login(reviewer)

    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", revision.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    # StreamField "Beschreibung": the old paragraph struck out, the new one added.
    assert re.search(
        r"Beschreibung:.*?class=\"[^\"]*addition\">\s*Wir feiern auf dem Marktplatz\.", html, re.S
    )
    assert re.search(r"class=\"[^\"]*deletion\">\s*Wir feiern im Stadtpark\.", html)
    # InlinePanel child "Termine" (DateRule): the old and the new day of the date rule.
    assert re.search(
        r"<dt>Datum</dt>\s*<dd><span class=\"deletion\">2031-06-14</span><span class=\"addition\">2031-06-21</span>",
        html,
    )


@pytest.mark.django_db
def test_the_edit_view_offers_the_reviewer_the_comparison_with_the_live_version(client, team, calendar_page):
    editor, reviewer = team
    page, revision = submit_changes_of_event(calendar_page, editor)
    client.force_login(reviewer)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", revision.pk]) in html


# --- b) sending back with a comment -----------------------------------------------------------


@pytest.mark.django_db
def test_sending_back_with_a_comment_mails_the_comment_to_the_author_in_german(client, team, calendar_page):
    editor, reviewer = team
    page, _revision = submit_changes_of_event(calendar_page, editor)
    state = page.current_workflow_task_state
    mail.outbox.clear()
    client.force_login(reviewer)

    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.pk]),
        {"comment": "Bitte den Ort mit Anschrift ergänzen."},
    )

    assert response.status_code in (200, 302)
    to_author = [message for message in mail.outbox if message.to == [editor.email]]
    assert len(to_author) == 1
    message = to_author[0]
    assert "Sommerfest der Vereine" in message.subject
    assert "Bitte den Ort mit Anschrift ergänzen." in message.body
    assert "Frank Fuchs" in message.body
    assert "abgelehnt" in message.body
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in message.body
    assert message.from_email == "Ehrenamtsbeirat Kyffhäuserkreis <ehrenamt@kyffhaeuser.example>"
    assert not any(reviewer.email in message.to for message in mail.outbox)


# --- c) usage on delete and unpublish ---------------------------------------------------------


@pytest.fixture
def linked_page(home):
    """A page linked from a rich-text link, a call-to-action block, the footer and the main navigation."""
    target = ContentPageFactory(parent=home, title="Impressum", slug="impressum")
    ContentPageFactory(
        parent=home,
        title="Über den Beirat",
        body=[("paragraph", RichText(f'<p>Siehe <a linktype="page" id="{target.pk}">Impressum</a>.</p>'))],
    )
    ContentPageFactory(
        parent=home,
        title="Förderung beantragen",
        body=[
            (
                "call_to_action",
                {
                    "title": "Wer wir sind",
                    "text": "",
                    "button_label": "Zum Impressum",
                    "page": target,
                    "url": "",
                },
            )
        ],
    )
    config = SiteConfiguration.for_site(Site.objects.get(is_default_site=True))
    config.imprint_page = target
    config.navigation_items = [NavigationItem(page=target, label="Impressum")]
    config.save()
    return target


def assert_usage_listed(page_text):
    assert "Wird an 3 Stellen verwendet" in page_text
    assert "Über den Beirat (Inhaltsseite; Feld: Inhalt → Text)" in page_text
    assert "Förderung beantragen (Inhaltsseite; Feld: Inhalt → Handlungsaufruf)" in page_text
    assert re.search(
        r"Navigation und Fußbereich[^(]*\(Navigation und Fußbereich; Feld: [^)]*Impressum", page_text
    )
    assert re.search(r"Feld: [^)]*Menüpunkt → Seite", page_text)


@pytest.mark.django_db
def test_delete_confirmation_lists_the_pages_and_settings_that_link_to_the_page(admin_client, linked_page):
    call_command("rebuild_references_index", verbosity=0)

    response = admin_client.get(reverse("wagtailadmin_pages:delete", args=[linked_page.pk]))

    assert response.status_code == 200
    assert_usage_listed(text(response))


@pytest.mark.django_db
def test_unpublish_confirmation_lists_the_same_places(admin_client, linked_page):
    response = admin_client.get(reverse("wagtailadmin_pages:unpublish", args=[linked_page.pk]))

    assert response.status_code == 200
    assert_usage_listed(text(response))


@pytest.mark.django_db
def test_a_page_nobody_links_to_says_so(admin_client, home):
    page = ContentPageFactory(parent=home, title="Einsame Seite")

    response = admin_client.get(reverse("wagtailadmin_pages:delete", args=[page.pk]))

    assert "Wird an keiner anderen Stelle verwendet" in text(response)


@pytest.mark.django_db
def test_deleting_a_contact_person_lists_the_pages_that_show_the_contact(admin_client, home):
    person = ContactPersonFactory(name="Sandra Möbius")
    FundingProgrammePageFactory(parent=home, title="Kleinprojekte", contact=person)

    response = admin_client.get(reverse("wagtailsnippets_cms_contactperson:delete", args=[person.pk]))

    assert response.status_code == 200
    assert "Kleinprojekte (Förderprogramm; Feld: Ansprechperson)" in text(response)


# --- d) renaming and moving keep old addresses ------------------------------------------------


@pytest.fixture
def publish_with(django_capture_on_commit_callbacks):
    """Publishes a page with changed fields; Wagtail signals a slug change after the commit, as in a request."""

    def publish(page, **changes):
        page = type(page).objects.get(pk=page.pk)
        for name, value in changes.items():
            setattr(page, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return type(page).objects.get(pk=page.pk)

    return publish


@pytest.mark.django_db
def test_a_renamed_news_item_answers_its_old_address_with_301(client, news_index, publish_with):
    news = NewsPageFactory(parent=news_index, title="Ehrenamtspreis", slug="ehrenamtspreis-2026")
    old_url = news.url

    news = publish_with(news, slug="ehrenamtspreis-verliehen")

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == news.url == "/aktuelles/ehrenamtspreis-verliehen/"
    assert client.get(news.url).status_code == 200


@pytest.mark.django_db
def test_moving_a_page_keeps_the_old_addresses_of_it_and_its_descendants(client, home):
    old_parent = ContentPageFactory(parent=home, title="Service", slug="service")
    new_parent = ContentPageFactory(parent=home, title="Beratung", slug="beratung")
    section = ContentPageFactory(parent=old_parent, title="Vereinsrecht", slug="vereinsrecht")
    child = ContentPageFactory(parent=section, title="Satzung", slug="satzung")

    Page.objects.get(pk=section.pk).move(Page.objects.get(pk=new_parent.pk), pos="last-child")

    first = client.get("/service/vereinsrecht/")
    assert first.status_code == 301
    assert first["Location"] == "/beratung/vereinsrecht/"
    second = client.get("/service/vereinsrecht/satzung/")
    assert second.status_code == 301
    assert second["Location"] == "/beratung/vereinsrecht/satzung/"
    assert client.get(second["Location"]).status_code == 200
    child.refresh_from_db()
    assert child.url == "/beratung/vereinsrecht/satzung/"


@pytest.mark.django_db
def test_sub_paths_of_a_renamed_event_lead_to_the_new_address(client, calendar_page, publish_with):
    festival = event(calendar_page, "Sommerfest", [single(in_days(30))])
    old = festival.url
    festival = publish_with(festival, slug="sommerfest-im-stadtpark")

    # Wagtail's automatic redirects cover the page's own address only; the sub-path needs the fallback.
    assert not Redirect.objects.filter(old_path__endswith="/ical").exists()
    response = client.get(old + "ical/?quelle=newsletter")

    assert response.status_code == 301
    assert response["Location"] == festival.url + "ical/?quelle=newsletter"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_registration_of_a_course_run_still_works_under_the_old_course_address(
    client, programme, publish_with
):
    course = make_course(programme, "Kassenführung", slug="kassenfuehrung")
    run = make_run(course, "Abend in Artern", in_days(20))
    old_register = run.url + "anmelden/"

    publish_with(course, slug="kasse-und-finanzen")

    response = client.get(old_register)
    assert response.status_code == 301
    new_run = CourseRunPage.objects.get(pk=run.pk)
    assert response["Location"] == new_run.url + "anmelden/"
    assert "/kasse-und-finanzen/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_page_renamed_back_answers_unknown_sub_paths_with_404_not_a_redirect_loop(
    client, calendar_page, publish_with
):
    festival = event(calendar_page, "Sommerfest", [single(in_days(30))])
    old = festival.url
    festival = publish_with(festival, slug="sommerfest-im-stadtpark")
    festival = publish_with(festival, slug="sommerfest")
    assert festival.url == old

    assert client.get(old + "gibt-es-nicht/").status_code == 404
    assert client.get(old + "ical/").status_code == 200


@pytest.mark.django_db
def test_unknown_addresses_below_an_old_prefix_without_redirect_stay_404(client, news_index):
    response = client.get("/aktuelles/gibt-es-nicht/ical/")
    assert response.status_code == 404


# --- e) expiry --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_expired_page_is_unpublished_by_publish_scheduled_and_no_longer_served(client, news_index):
    news = NewsPageFactory(parent=news_index, title="Aufruf zur Wahl", slug="aufruf-zur-wahl")
    keep = NewsPageFactory(
        parent=news_index, title="Bleibt", slug="bleibt", expire_at=timezone.now() + timedelta(days=3)
    )
    type(news).objects.filter(pk=news.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    call_command("publish_scheduled", verbosity=0)

    news.refresh_from_db()
    assert news.live is False
    assert news.expired is True
    assert client.get("/aktuelles/aufruf-zur-wahl/").status_code == 404
    keep.refresh_from_db()
    assert keep.live is True
    assert client.get("/aktuelles/bleibt/").status_code == 200
