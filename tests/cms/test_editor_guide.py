"""The Redaktionshandbuch: one task list (cms.editors.guide) for the admin page and the browser walks; every
screenshot it names is there, small enough, and shown with its alt text."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from PIL import Image as PILImage

from cms.editors.guide import SCREENSHOT_DIR, TASKS, all_screenshot_names

URL = "/admin/handbuch/"


def test_the_guide_has_at_least_ten_tasks_each_with_steps_and_one_to_three_screenshots():
    assert len(TASKS) >= 10
    assert len({task.slug for task in TASKS}) == len(TASKS)
    for task in TASKS:
        assert task.purpose and len(task.steps) >= 3, task.slug
        assert 1 <= len(task.screenshots) <= 3, task.slug
        assert all(len(shot.alt) > 20 for shot in task.screenshots), task.slug


@pytest.mark.parametrize("name", all_screenshot_names())
def test_every_screenshot_the_guide_names_exists_as_a_1280_by_800_png(name):
    path = SCREENSHOT_DIR / name
    assert path.is_file(), f"{name} fehlt: tests/browser/test_editor_guide.py erzeugt es"
    with PILImage.open(path) as image:
        assert (image.format, image.size) == ("PNG", (1280, 800))


def test_all_screenshots_together_stay_under_three_megabytes():
    total = sum((SCREENSHOT_DIR / name).stat().st_size for name in all_screenshot_names())
    assert total < 3 * 1024 * 1024


def test_no_stray_screenshots_lie_beside_the_named_ones():
    assert sorted(path.name for path in SCREENSHOT_DIR.glob("*.png")) == sorted(all_screenshot_names())


def test_editors_find_the_guide_in_the_menu_and_see_every_task_with_alt_texts(client, db):
    editor = get_user_model().objects.create_user("redakteurin", "r@kyffhaeuser.example", "x" * 12)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(editor)
    assert f'"url": "{URL}"' in client.get("/admin/").content.decode()
    html = client.get(URL).content.decode()
    assert "<h1" in html and "Redaktionshandbuch" in html
    for task in TASKS:
        assert f'id="{task.slug}"' in html and task.title in html
        for path, shot in task.pictures():
            assert f'src="/static/{path}" alt="{shot.alt}"' in html
    assert html.count("<figure") == len(all_screenshot_names())


def test_the_guide_is_only_for_people_who_may_use_the_admin(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
