"""Fixtures the library's test modules share: a library page and editors of both groups."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.factories import LibraryPageFactory


@pytest.fixture
def library(home):
    return LibraryPageFactory(parent=home)


@pytest.fixture
def editors(db):
    User = get_user_model()
    editor = User.objects.create_user("redakteurin", "redaktion@kyffhaeuser.example", "x" * 12)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    publisher = User.objects.create_user("freigeber", "freigabe@kyffhaeuser.example", "x" * 12)
    publisher.groups.add(Group.objects.get(name="Freigabe"))
    User.objects.create_superuser("chefin", "chefin@kyffhaeuser.example", "x" * 12)
    User.objects.create_user("leser", "leser@kyffhaeuser.example", "x" * 12)
    return editor, publisher
