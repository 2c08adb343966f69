"""Fixtures the library's test modules share: a library page (editors come from tests/conftest.py)."""

import pytest

from tests.factories import LibraryPageFactory


@pytest.fixture
def library(home):
    return LibraryPageFactory(parent=home)
