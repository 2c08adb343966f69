"""The vocabularies of a filter form (topics, target groups, …), built once and kept with the page structure."""


class FilterOptions:
    """Base of an app's filter options: a dataclass with the vocabularies, ``build()`` queries them,
    ``load()`` serves them from the cache until the page structure or a vocabulary changes."""

    cache_key = ""  # e.g. "netzwerk:filter-options"

    @classmethod
    def build(cls):
        raise NotImplementedError

    @staticmethod
    def terms(model) -> list:
        """The terms of a vocabulary snippet (category, target group, municipality, …): pk, name, slug."""
        return list(model.objects.only("pk", "name", "slug"))

    @classmethod
    def load(cls):
        from cms.models import cached_structure  # cms.models loads page models: not at app import time

        return cached_structure(cls.cache_key, cls.build)
