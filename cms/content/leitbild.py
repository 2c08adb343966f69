"""The three levels of the Leitbild, defined once.

Each level has its URL value, the name of its field on a practice example (the home page's fields
for the level are named after it too: ``<field>_page``, ``<field>_text``), its German label and the
title of its box on the home page.
"""

from typing import NamedTuple


class Level(NamedTuple):
    key: str
    field: str
    label: str
    home_title: str


LEVELS = [
    Level("1", "level_structure", "Strukturelle Verankerung", "Verankerung in der Verwaltung"),
    Level("2", "level_qualification", "Beratung und Qualifizierung", "Beratung und Qualifizierung"),
    Level("3", "level_network", "Vernetzung und gute Praxis", "Vernetzung und gute Praxis"),
]
# Choices for forms and blocks, e.g. ("1", "1 · Strukturelle Verankerung").
LEVEL_CHOICES = [(level.key, f"{level.key} · {level.label}") for level in LEVELS]
