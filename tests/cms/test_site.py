"""Site-wide behaviour: seed content, navigation and footer, search, blocks, editors, settings."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.template.loader import get_template
from wagtail.blocks import StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document
from wagtail.models import Page, Site, WorkflowPage

from cms.blocks import ContentBlocks, ImageBlock, VideoBlock, human_size
from cms.models import NavigationItem, SiteConfiguration
from home.models import ContentPage, NewsPage
from tests.factories import ContentPageFactory, NewsPageFactory

BASE_DIR = Path(__file__).resolve().parents[2]
FOOTER_LABELS = [
    "Impressum",
    "Datenschutz",
    "Barrierefreiheit",
    "Kontakt",
    "Leichte Sprache",
    "Gebärdensprache",
]


@pytest.mark.django_db
def test_seed_is_idempotent_and_every_seeded_page_answers_200_with_all_footer_links(client, seeded):
    pages_before = Page.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Page.objects.count() == pages_before
    live_pages = Page.objects.live().filter(depth__gt=1).specific()
    assert len(live_pages) >= 25
    for page in live_pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        for label in FOOTER_LABELS:
            assert f">{label}</a>" in html, (page.url, label)


@pytest.mark.django_db
def test_seed_scale_multiplies_the_news(seeded):
    before = NewsPage.objects.live().count()
    call_command("seed_demo", scale=3, verbosity=0)
    assert NewsPage.objects.live().count() == before * 3


@pytest.mark.django_db
def test_seed_creates_the_starter_pages_and_the_demo_admin(seeded):
    titles = set(ContentPage.objects.live().values_list("title", flat=True))
    assert {"Impressum", "Datenschutzerklärung", "Kontakt"} <= titles
    # Statement, Leichte Sprache and Gebärdensprache have their own page types (barrierefreiheit).
    assert {"Erklärung zur Barrierefreiheit", "Leichte Sprache", "Gebärdensprache"} <= set(
        Page.objects.live().values_list("title", flat=True)
    )
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_editors_change_the_main_navigation_and_visitors_see_it_at_once(client, seeded):
    config = SiteConfiguration.for_site(Site.objects.get(is_default_site=True))
    html = client.get("/").content.decode()
    assert 'class="site-nav__link" href="/aktuelles/">Aktuelles</a>' in html
    NavigationItem.objects.filter(setting=config, page__slug="aktuelles").update(label="Neuigkeiten")
    NavigationItem.objects.filter(setting=config).first().save()  # the admin saves the setting with its items
    html = client.get("/").content.decode()
    assert 'class="site-nav__link" href="/aktuelles/">Neuigkeiten</a>' in html


@pytest.mark.django_db
def test_navigation_marks_the_current_section_for_screen_readers(client, seeded):
    html = client.get("/aktuelles/meldung-0001/").content.decode()
    assert 'href="/aktuelles/" aria-current="true">Aktuelles</a>' in html
    html = client.get("/aktuelles/").content.decode()
    assert 'href="/aktuelles/" aria-current="page">Aktuelles</a>' in html


@pytest.mark.django_db
def test_a_renamed_page_shows_its_new_title_in_breadcrumbs_at_once(client, seeded):
    news_index = Page.objects.get(slug="aktuelles").specific
    assert "Brotkrümelnavigation" in client.get("/aktuelles/meldung-0001/").content.decode()
    news_index.title = "Neuigkeiten aus dem Kreis"
    news_index.save_revision().publish()
    html = client.get("/aktuelles/meldung-0001/").content.decode()
    assert '<a class="kern-link" href="/aktuelles/">Neuigkeiten aus dem Kreis</a>' in html


@pytest.mark.django_db
def test_search_finds_german_words_filters_by_type_and_is_not_indexed(client, seeded):
    response = client.get("/suche/", {"q": "Ehrenamtscard"})
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    titles = [hit.title for hit in response.context["hits"]]
    assert "Neue Ehrenamtscards in Artern übergeben" in titles
    only_funding = client.get("/suche/", {"q": "Verein", "typ": "foerderung"})
    kinds = {type(hit.page).__name__ for hit in only_funding.context["hits"]}
    assert kinds == {"FundingProgrammePage"}


@pytest.mark.django_db
def test_search_paginates(client, home, news_index, settings):
    settings.SEARCH_PER_PAGE = 2
    for number in range(5):
        NewsPageFactory(parent=news_index, title=f"Streuobstwiese {number}", teaser="Pflanzaktion")
    first = client.get("/suche/", {"q": "Streuobstwiese"})
    assert first.context["results"].paginator.count == 5
    third = client.get("/suche/", {"q": "Streuobstwiese", "seite": 3})
    assert len(third.context["results"]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"q": "x" * 201}, 400, "Der Suchbegriff ist zu lang: höchstens 200 Zeichen."),
        ({"q": "Verein", "typ": "gibtsnicht"}, 400, "Diesen Seitentyp gibt es in der Suche nicht."),
        ({"q": "Verein", "seite": "-1"}, 400, "Die Seitenzahl muss eine ganze Zahl ab 1 sein."),
        ({"q": "Verein", "seite": "50"}, 404, "Seite 50 gibt es nicht"),
    ],
)
def test_bad_search_input_gets_a_german_message_and_a_4xx(client, seeded, params, status, message):
    response = client.get("/suche/", params)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.django_db
def test_unknown_address_gets_a_german_404_page(client, seeded):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.django_db
def test_image_block_requires_alt_text_unless_decorative():
    image = wagtail_factories.ImageFactory()
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": " ", "decorative": False}))
    assert "Alternativtext" in str(error.value.block_errors["alt_text"])
    value = block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
    assert value.alt == ""
    described = block.clean(
        block.to_python({"image": image.pk, "alt_text": "Kinder pflanzen einen Apfelbaum"})
    )
    assert described.alt == "Kinder pflanzen einen Apfelbaum"


def test_video_block_accepts_only_a_file_or_a_known_platform():
    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "Film", "url": "https://example.org/film.mp4"}))
    value = block.to_python({"title": "Film", "url": "https://www.youtube.com/watch?v=a1B2c3"})
    assert value.embed_url == "https://www.youtube-nocookie.com/embed/a1B2c3?autoplay=1"


@pytest.mark.django_db
def test_video_is_not_loaded_before_the_visitor_clicks(client, home):
    page = ContentPageFactory(
        parent=home,
        body=[("video", {"title": "Ehrenamt erklärt", "url": "https://www.youtube.com/watch?v=a1B2c3"})],
    )
    html = client.get(page.url).content.decode()
    assert "<iframe" not in html
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/a1B2c3?autoplay=1"' in html
    assert "Video „Ehrenamt erklärt“ bei YouTube ansehen" in html


@pytest.mark.django_db
def test_downloads_show_file_type_and_size(client, home):
    document = Document(title="Antrag auf Förderung")
    document.file.save("antrag.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048), save=False)
    document.save()
    page = ContentPageFactory(
        parent=home,
        body=[("downloads", {"title": "Formulare", "files": [{"document": document, "title": ""}]})],
    )
    html = client.get(page.url).content.decode()
    assert "Antrag auf Förderung</a>" in html
    assert "(PDF, 2,0 KB)" in html


def test_human_size_uses_german_notation():
    assert human_size(512) == "512 Byte"
    assert human_size(1536) == "1,5 KB"
    assert human_size(3 * 1024 * 1024) == "3,0 MB"


def test_every_block_has_icon_template_description_and_german_label():
    for name, block in ContentBlocks().child_blocks.items():
        meta = block.meta
        assert meta.icon and meta.icon != "placeholder", name
        template = get_template(meta.template).origin.name
        assert template.startswith(str(BASE_DIR / "templates")), name  # the one template tree
        assert meta.description, name
        assert meta.label and meta.label[0].isupper(), name


@pytest.mark.django_db
def test_every_block_renders_its_preview_value(home):
    for name, block in ContentBlocks().child_blocks.items():
        if name in {"contact", "downloads", "image"}:
            continue  # these preview values need objects from the database; rendered in other tests
        html = block.render(block.get_preview_value())
        assert html.strip(), name


def test_stream_value_of_content_blocks_round_trips():
    stream = ContentBlocks()
    value = stream.to_python([{"type": "heading", "value": {"text": "Förderung", "level": "h2"}}])
    assert isinstance(value, StreamValue)
    assert '<h2 class="kern-heading-medium">Förderung</h2>' in value.render_as_block()


@pytest.mark.django_db
def test_editor_groups_and_site_wide_workflow_exist_after_migration():
    editors = Group.objects.get(name="Redaktion")
    publishers = Group.objects.get(name="Freigabe")
    editor_page_perms = set(editors.page_permissions.values_list("permission__codename", flat=True))
    publisher_page_perms = set(publishers.page_permissions.values_list("permission__codename", flat=True))
    assert "change_page" in editor_page_perms
    assert "publish_page" not in editor_page_perms
    assert "publish_page" in publisher_page_perms
    assert editors.permissions.filter(codename="access_admin").exists()
    workflow = WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow
    assert workflow.name == "Redaktionelle Freigabe"
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Freigabe"]


@pytest.mark.django_db
def test_an_editor_submits_and_only_the_publisher_group_can_approve(client, home):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    editor = User.objects.create_user("redakteurin", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    publisher = User.objects.create_user("freigeber", password="x" * 12)
    publisher.groups.add(Group.objects.get(name="Freigabe"))
    page = ContentPageFactory(parent=home, title="Sprechzeiten")
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(publisher).can_publish()
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    workflow.start(page, editor)
    state = page.current_workflow_task_state
    assert state is not None
    assert [action for action, _label, _modal in state.task.specific.get_actions(page, editor)] == []
    assert "approve" in [
        action for action, _label, _modal in state.task.specific.get_actions(page, publisher)
    ]


def _production_check(env_overrides):
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _production_check({"ALLOWED_HOSTS": "ehrenamt.example"})
    assert result.returncode != 0
    assert "SECRET_KEY fehlt" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _production_check({"SECRET_KEY": "s" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS fehlt" in result.stderr


def test_production_starts_with_both_settings():
    result = _production_check({"SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "ehrenamt.example"})
    assert result.returncode == 0, result.stderr


def test_settings_read_database_cache_and_mail_from_the_environment():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);print(s.CACHES['default']['BACKEND']);print(s.EMAIL_BACKEND);"
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS);print(s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/beispiel",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "EMAIL_URL": "smtp+tls://post:geheim@mail.example:587",
    }
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    ).stdout.split("\n")
    assert output[:5] == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example 587 True",
        "de Europe/Berlin",
    ]


OWN_APPS = ["cms", "home"]
STRUCTURAL_FIELDS = {"sort_order", "page", "setting", "content_object", "tag", "page_ptr", "site"}


def test_every_field_an_editor_sees_has_a_german_label_and_a_help_text():
    from django.apps import apps

    page_fields = {field.name for field in Page._meta.get_fields()}
    missing = []
    for app in OWN_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if field.auto_created or not getattr(field, "editable", False):
                    continue
                if field.name in page_fields or field.name in STRUCTURAL_FIELDS:
                    continue
                english_default = field.name.replace("_", " ")
                if str(field.verbose_name) == english_default or not str(field.help_text).strip():
                    missing.append(f"{model.__name__}.{field.name}")
    assert missing == []


@pytest.mark.django_db
def test_the_accessibility_checker_runs_the_wcag_aa_rules_for_editors(rf, home):
    from wagtail.admin.userbar import ContentCheckerItem, apply_userbar_hooks

    from cms.wagtail_hooks import WcagContentChecker

    items = [ContentCheckerItem()]
    apply_userbar_hooks(rf.get("/"), items, home)
    assert type(items[0]) is WcagContentChecker
    assert {"wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"} <= set(items[0].axe_run_only)


@pytest.mark.django_db
def test_scheduled_page_goes_live_when_publish_scheduled_runs(client, home):
    from datetime import timedelta

    from django.utils import timezone

    page = ContentPageFactory(parent=home, title="Sommerfest der Vereine", live=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()  # an approved revision with a future go-live date is only scheduled
    page.refresh_from_db()
    assert not page.live
    assert client.get("/sommerfest-der-vereine/").status_code == 404
    revision = page.latest_revision  # an hour later:
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", verbosity=0)
    assert client.get("/sommerfest-der-vereine/").status_code == 200


@pytest.mark.django_db
def test_every_block_has_a_styled_preview_in_the_block_chooser(client, home):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(
        get_user_model().objects.create_superuser("vorschau", "v@kyffhaeuser.example", "x" * 12)
    )
    for name, block in ContentBlocks().child_blocks.items():
        response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "kern/kern.min.css" in html, name
        assert f"block-{name}" in html, name


@pytest.mark.django_db
def test_sitemap_lists_every_public_page(client, seeded):
    import xml.etree.ElementTree as ET

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(client.get("/sitemap.xml").content)
    listed = {urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", namespace)}
    expected = {page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()}
    assert expected == listed
