"""Blocks of the good-practice library. They build on cms.blocks (the one vocabulary) and add only what
is specific to practice examples: a step of the procedure, a link, and the saved query "Praxisbeispiele".
"""

from django.apps import apps
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import ContentBlocks, PageOrUrlBlock
from cms.content.leitbild import LEVEL_CHOICES
from cms.operations import pagecache

ORDER_CHOICES = [
    ("neu", "Neueste zuerst"),
    ("az", "Alphabetisch (A–Z)"),
    ("empfohlen", "Empfohlene zuerst, dann die neuesten"),
]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label="Was wurde getan?", max_length=150, help_text="Ein kurzer Satz je Schritt."
    )
    text = blocks.TextBlock(
        label="Erläuterung",
        required=False,
        max_length=1500,
        help_text="Wie, mit wem, mit welchen Hilfsmitteln – was andere wissen müssen.",
    )

    class Meta:
        icon = "list-ol"
        label = "Schritt"
        template = "praxisbeispiele/blocks/step.html"
        description = "Ein Schritt im Vorgehen, mit kurzer Erläuterung."
        preview_value = {
            "title": "Jugendliche nach ihren Wünschen gefragt",
            "text": "Zwei Abende im Jugendclub, mit Pizza und einer Wand voller Zettel.",
        }


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()


class LinkBlock(PageOrUrlBlock):
    title = blocks.CharBlock(label="Linktext", max_length=150, help_text="Sagen Sie, wohin der Link führt.")
    page = blocks.PageChooserBlock(label="Seite auf dieser Website", required=False)
    url = blocks.URLBlock(label="Oder externe Adresse", required=False)

    class Meta:
        icon = "link"
        label = "Link"
        template = "praxisbeispiele/blocks/link.html"
        description = "Ein Link zu einer Seite oder Website, die zum Beispiel gehört."
        preview_value = {"title": "Website des Heimatvereins", "url": "https://example.org/"}


class PracticeExamplesValue(blocks.StructValue):
    """A saved query: the examples an editor chose by filters, count and order."""

    def facet_params(self):
        """The same selection as URL parameters of the library (so 'show all' opens the same filter)."""
        params = []
        for level in self.get("levels") or []:
            params.append(("ebene", level))
        for name, key in (
            ("fields_of_engagement", "bereich"),
            ("target_groups", "zielgruppe"),
            ("municipalities", "gemeinde"),
        ):
            for term in self.get(name) or []:
                if term is not None:
                    params.append((key, term.slug))
        return params

    def examples(self):
        # By name: models.py imports this module for its StreamFields.
        return apps.get_model("praxisbeispiele", "PracticeExamplePage").objects.saved_query(
            levels=self.get("levels") or [],
            fields_of_engagement=[t.pk for t in self.get("fields_of_engagement") or [] if t is not None],
            target_groups=[t.pk for t in self.get("target_groups") or [] if t is not None],
            municipalities=[t.pk for t in self.get("municipalities") or [] if t is not None],
            tag=(self.get("tag") or "").strip(),
            featured_only=bool(self.get("featured_only")),
            order=self.get("order") or "neu",
            count=self.get("count") or 3,
        )


class PracticeExamplesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Überschrift", max_length=150, default="Praxisbeispiele")
    intro = blocks.TextBlock(label="Einleitung", required=False, max_length=400)
    featured_only = blocks.BooleanBlock(
        label="Nur empfohlene Beispiele",
        required=False,
        help_text="Zeigt nur Beispiele, die die Redaktion als „Empfohlen“ markiert hat.",
    )
    levels = blocks.MultipleChoiceBlock(
        label="Ebenen des Leitbilds", choices=LEVEL_CHOICES, required=False, help_text="Leer lassen für alle."
    )
    fields_of_engagement = blocks.ListBlock(
        SnippetChooserBlock("cms.FieldOfEngagement", label="Engagementbereich"),
        label="Engagementbereiche",
        default=[],
        help_text="Mehrere Bereiche erweitern die Auswahl (oder). Leer lassen für alle.",
    )
    target_groups = blocks.ListBlock(
        SnippetChooserBlock("cms.TargetGroup", label="Zielgruppe"),
        label="Zielgruppen",
        default=[],
        help_text="Mehrere Zielgruppen erweitern die Auswahl (oder). Leer lassen für alle.",
    )
    municipalities = blocks.ListBlock(
        SnippetChooserBlock("cms.Municipality", label="Gemeinde"),
        label="Gemeinden",
        default=[],
        help_text="Mehrere Gemeinden erweitern die Auswahl (oder). Leer lassen für alle.",
    )
    tag = blocks.CharBlock(
        label="Schlagwort", required=False, max_length=100, help_text="Nur Beispiele mit diesem Schlagwort."
    )
    count = blocks.IntegerBlock(label="Anzahl", min_value=1, max_value=12, default=3)
    order = blocks.ChoiceBlock(label="Reihenfolge", choices=ORDER_CHOICES, default="neu")
    show_link = blocks.BooleanBlock(
        label="Link „Alle passenden Beispiele“ zeigen",
        required=False,
        default=True,
        help_text="Führt zur Sammlung mit denselben Filtern.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        LibraryPage = apps.get_model("praxisbeispiele", "LibraryPage")  # models.py imports this module
        pagecache.depends_on((parent_context or {}).get("request"), "library")
        page = (parent_context or {}).get("page")
        library = page if isinstance(page, LibraryPage) else None
        if library is None and value.get("show_link"):
            library = LibraryPage.objects.live().first()
        context["examples"] = value.examples()
        context["library"] = library
        return context

    class Meta:
        icon = "folder-open-inverse"
        label = "Praxisbeispiele"
        template = "praxisbeispiele/blocks/practice_examples.html"
        value_class = PracticeExamplesValue
        description = "Eine Auswahl von Praxisbeispielen nach Filtern, mit Anzahl und Reihenfolge."
        preview_value = {"title": "Gute Beispiele aus dem Kreis", "count": 3, "order": "neu"}


class LibraryBlocks(ContentBlocks):
    """The body of the library page: the shared vocabulary plus the saved query "Praxisbeispiele"."""

    def __init__(self, **kwargs):
        super().__init__([("practice_examples", PracticeExamplesBlock())], **kwargs)
