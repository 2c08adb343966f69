"""The block "Nächste Kurse" (other apps' page types add it to their lists) and the block list of a
course description. Imported while models load: no model imports at module level."""

from django.utils.module_loading import import_string
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import ContentBlocks
from cms.operations import pagecache
from praxisbeispiele.blocks import PracticeExamplesBlock


class UpcomingCoursesValue(blocks.StructValue):
    def course_data(self, request=None):
        # qualifizierung.models imports this module for its StreamFields and the listing imports the
        # models: the block names the query by dotted path, so imports run one way.
        return import_string("qualifizierung.listing.upcoming_runs_for_block")(
            target_group=self.get("target_group"), count=self.get("count") or 3, request=request
        )


class UpcomingCoursesBlock(blocks.StructBlock):
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

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        pagecache.depends_on(request, "courses")
        pagecache.valid_until(request, pagecache.next_quarter_hour())
        context.update(value.course_data(request))
        context["heading_id"] = f"naechste-kurse-{id(value)}"
        return context

    class Meta:
        icon = "calendar-check"
        label = "Nächste Kurse"
        template = "qualifizierung/blocks/upcoming_courses.html"
        value_class = UpcomingCoursesValue
        description = "Die nächsten Kurstermine mit freien Plätzen aus dem Kursprogramm."
        preview_value = {"title": "Nächste Kurse", "count": 3}


class CourseContentBlocks(ContentBlocks):
    """A course description: the shared vocabulary plus good-practice examples; no event lists."""

    def __init__(self, **kwargs):
        super().__init__([("practice_examples", PracticeExamplesBlock())], **kwargs)
