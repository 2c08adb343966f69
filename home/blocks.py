"""The block lists of home's page types: the shared vocabulary (cms.blocks) plus the app blocks each
page type shows. Block names are stored data: never rename an entry."""

from cms.blocks import ContentBlocks
from netzwerk.blocks import SubscriptionLinksBlock, UpcomingEventsBlock
from praxisbeispiele.blocks import PracticeExamplesBlock
from qualifizierung.blocks import UpcomingCoursesBlock


class PageBodyBlocks(ContentBlocks):
    """Home page and content pages: everything, including dates, courses and good practice."""

    def __init__(self, **kwargs):
        super().__init__(
            [
                ("upcoming_events", UpcomingEventsBlock()),
                ("calendar_subscription", SubscriptionLinksBlock()),
                ("upcoming_courses", UpcomingCoursesBlock()),
                ("practice_examples", PracticeExamplesBlock()),
            ],
            **kwargs,
        )


class NewsBlocks(ContentBlocks):
    """A news item: announces dates and courses, but carries no calendar feeds or library queries."""

    def __init__(self, **kwargs):
        super().__init__(
            [("upcoming_events", UpcomingEventsBlock()), ("upcoming_courses", UpcomingCoursesBlock())],
            **kwargs,
        )


class BeiratBlocks(ContentBlocks):
    """The Beirat's page: its meetings and dates from the calendar."""

    def __init__(self, **kwargs):
        super().__init__([("upcoming_events", UpcomingEventsBlock())], **kwargs)


class FundingProgrammeBlocks(ContentBlocks):
    """A funding programme: funded good-practice examples and courses on applying."""

    def __init__(self, **kwargs):
        super().__init__(
            [("upcoming_courses", UpcomingCoursesBlock()), ("practice_examples", PracticeExamplesBlock())],
            **kwargs,
        )
