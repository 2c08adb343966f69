from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Startseite, Meldungen und Beirat"

    def ready(self):
        # Imported in ready(): models and other apps' modules load only once the app registry is ready.
        from cms.operations import pagecache
        from home.models import HomePage, NewsIndexPage, NewsPage

        # Page cache (cms/operations/pagecache.py): the start page and the news list show news teasers.
        pagecache.register_page(NewsPage, affects=["news"])
        pagecache.register_page(NewsIndexPage, depends=["news"])
        pagecache.register_page(HomePage, depends=["news"])
