"""Factories for the page types, built on wagtail-factories."""

from datetime import date

import factory
import wagtail_factories
from wagtail.models import Page

from cms.models import ContactPerson
from home.models import BeiratPage, ContentPage, FundingProgrammePage, HomePage, NewsIndexPage, NewsPage


class ContactPersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ansprechperson {n}")
    role = "Beratung für Vereine"
    organisation = "Ehrenamtsagentur des Kyffhäuserkreises"
    phone = "03632 741-512"
    email = factory.Sequence(lambda n: f"kontakt{n}@kyffhaeuser.example")

    class Meta:
        model = ContactPerson


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Ehrenamt im Kyffhäuserkreis"
    slug = "start"
    intro = "Beratung, Förderung und Vernetzung für alle, die sich engagieren."

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Informationsseite {n}")
    teaser = "Eine Seite mit Informationen."

    class Meta:
        model = ContentPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aktuelles"
    slug = "aktuelles"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Meldung {n}")
    date = factory.LazyFunction(date.today)
    teaser = "Kurzer Text zur Meldung."

    class Meta:
        model = NewsPage


class BeiratPageFactory(wagtail_factories.PageFactory):
    title = "Der Ehrenamtsbeirat"
    slug = "beirat"
    intro = "<p>Die Stimme des Ehrenamts im Kreis.</p>"

    class Meta:
        model = BeiratPage


class FundingProgrammePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Förderprogramm {n}")
    teaser = "Zuschüsse für Vereine."
    eligibility = "<p>Gemeinnützige Vereine im Kyffhäuserkreis.</p>"

    class Meta:
        model = FundingProgrammePage


def root_page():
    return Page.get_first_root_node()
