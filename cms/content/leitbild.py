"""The three levels of the Leitbild, defined once: (URL value, field name on a practice example, German label)."""

LEVELS = [
    ("1", "level_structure", "Strukturelle Verankerung"),
    ("2", "level_qualification", "Beratung und Qualifizierung"),
    ("3", "level_network", "Vernetzung und gute Praxis"),
]
# Choices for forms and blocks, e.g. ("1", "1 · Strukturelle Verankerung").
LEVEL_CHOICES = [(key, f"{key} · {label}") for key, _field, label in LEVELS]
