"""Retention of personal data: every app registers its policies here; `manage.py purge_personal_data` runs them.

A policy says which personal data may be kept how long. Two kinds:

* ``register_model_retention(...)``: rows of a model whose date field lies further back than the
  retention period (a number of days read from a setting at run time) are deleted. A fallback date field
  covers rows whose main date is still empty, e.g. "N days after the decision, or after creation if
  nobody ever decided".
* ``register_retention(label, func)``: any callable ``func(now) -> int`` that deletes or anonymises what
  has expired and returns how many records it touched (for data that is not a whole row, e.g. fields on a
  registration that must stay for statistics).

Apps register in their ``AppConfig.ready()``; cms imports no app. Every policy must be idempotent:
running the command twice deletes nothing the second time.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

_POLICIES = {}


@dataclass(frozen=True)
class ModelRetention:
    """Delete rows of `model` ("app_label.Model") once `date_field` is older than the retention period."""

    label: str
    model: str
    date_field: str
    setting: str
    default_days: int
    fallback_date_field: str = ""

    @property
    def days(self):
        return int(getattr(settings, self.setting, self.default_days))

    def expired(self, now):
        """The rows whose retention period has passed at `now`."""
        cutoff = now - timedelta(days=self.days)
        condition = Q(**{f"{self.date_field}__lte": cutoff})
        if self.fallback_date_field:
            condition |= Q(**{f"{self.date_field}__isnull": True, f"{self.fallback_date_field}__lte": cutoff})
        return apps.get_model(self.model)._default_manager.filter(condition)

    def __call__(self, now):
        expired = self.expired(now)
        count = expired.count()
        if count:
            expired.delete()
        return count


def register_retention(label, func):
    """Register a callable `func(now) -> int` under a German label shown by the command."""
    _POLICIES[label] = func
    return func


def register_model_retention(label, model, date_field, setting, default_days, fallback_date_field=""):
    """Register the common case: delete whole rows after N days (N from `setting`, else `default_days`)."""
    return register_retention(
        label, ModelRetention(label, model, date_field, setting, default_days, fallback_date_field)
    )


def registered_policies():
    return dict(_POLICIES)


def purge_expired(now=None):
    """Run every policy; returns [(label, count)] in registration order."""
    now = now or timezone.now()
    results = []
    for label, func in _POLICIES.items():
        with transaction.atomic():
            results.append((label, func(now)))
    return results
