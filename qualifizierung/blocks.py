"""The block "Nächste Kurse" (other apps' page types add it to their lists) and the block list of a
course description. Imported while models load: no model imports at module level."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import ContentBlocks, UpcomingBlock
from praxisbeispiele.blocks import PracticeExamplesBlock


class UpcomingCoursesBlock(UpcomingBlock):
    # qualifizierung.models imports this module for its StreamFields and the listing imports the models:
    # the block names the query by dotted path, so imports run one way.
    query = "qualifizierung.listing.upcoming_runs_for_block"
    filters = ("target_group",)
    cache_tag = "courses"
    heading_id = "naechste-kurse"

    title = blocks.CharBlock(
        label="Überschrift",
        max_length=100,
        default="Nächste Kurse",
        help_text="Steht über der Liste, z. B. „Weiterbildung für Vereinsvorstände“.",
    )
    target_group = SnippetChooserBlock(
        "cms.TargetGroup", label="Nur für diese Zielgruppe", required=False, help_text="Leer lassen für alle."
    )
    count = blocks.IntegerBlock(
        label="Anzahl der Kurstermine",
        default=3,
        min_value=1,
        max_value=12,
        help_text="Wie viele der nächsten Kurstermine erscheinen (1 bis 12).",
    )

    class Meta:
        icon = "calendar-check"
        label = "Nächste Kurse"
        template = "qualifizierung/blocks/upcoming_courses.html"
        description = "Die nächsten Kurstermine mit freien Plätzen aus dem Kursprogramm."
        preview_value = {"title": "Nächste Kurse", "count": 3}


class CourseContentBlocks(ContentBlocks):
    """A course description: the shared vocabulary plus good-practice examples; no event lists."""

    def __init__(self, **kwargs):
        super().__init__([("practice_examples", PracticeExamplesBlock())], **kwargs)
