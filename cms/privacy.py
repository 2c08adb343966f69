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
from datetime import date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cms.editors.history_labels import scrub_history

_POLICIES = {}


def retention_days(setting):
    """The retention period in days, from `setting` (declared with its default in cms/settings/base.py)."""
    return int(getattr(settings, setting))


@dataclass(frozen=True)
class ModelRetention:
    """Delete rows of `model` ("app_label.Model") once `date_field` is older than the retention period."""

    label: str
    model: str
    date_field: str
    setting: str
    fallback_date_field: str = ""

    @property
    def days(self):
        return retention_days(self.setting)

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


def register_model_retention(label, model, date_field, setting, fallback_date_field=""):
    """Register the common case: delete whole rows after N days (N from `setting`)."""
    return register_retention(label, ModelRetention(label, model, date_field, setting, fallback_date_field))


def registered_policies():
    return dict(_POLICIES)


def purge_expired(now=None):
    """Run every policy; returns [(label, count)] in registration order."""
    now = now or timezone.now()
    results = []
    for label, func in _POLICIES.items():
        with transaction.atomic():
            results.append((label, func(now)))

    scrub_history()  # names written into Wagtail's history before __str__ became neutral
    return results


# --- Requests of one person: what is stored about an e-mail address, its export and its deletion -------
#
# Art. 15 and 17 GDPR: on request a person learns everything the site stores about them and may have it
# deleted. Every app that keeps personal data registers a provider in its ``AppConfig.ready()``:
#
# * ``register_person_data(PersonDataProvider(...))`` with three callables taking the normalised e-mail
#   address: ``find(email) -> int`` (how many records), ``export(email) -> list[dict]`` (JSON-ready
#   dicts) and ``delete(email) -> int`` (deletes or anonymises, returns the number of records);
# * or, for the common case of whole rows with an e-mail field, ``register_model_person_data(...)``.
#
# ``manage.py personal_data --email X (--export FILE | --delete)`` and the admin view "Auskunft und
# Löschung" (cms/editors/privacy_views.py) use ``person_report``, ``export_person`` and ``delete_person``.

_PERSON_PROVIDERS = {}


class InvalidEmail(ValueError):
    """The address a request names is not a valid e-mail address (message in German)."""


def normalise_email(value):
    """The address stripped and lower-cased; raises InvalidEmail with a German message when it is invalid."""

    email = (value or "").strip().lower()
    if not email:
        raise InvalidEmail("Bitte geben Sie eine E-Mail-Adresse an.")
    if len(email) > 254:
        raise InvalidEmail("Die E-Mail-Adresse ist zu lang (höchstens 254 Zeichen).")
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidEmail(f"„{email}“ ist keine gültige E-Mail-Adresse.") from None
    return email


@dataclass(frozen=True)
class PersonDataProvider:
    """Where one kind of personal data lives and how it is found, exported and deleted for one address."""

    label: str
    find: object
    export: object
    delete: object
    permissions: tuple = ()


def _json_value(value):

    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def row_as_dict(obj, fields):
    """A model instance as a JSON-ready dict: German field name → value, for the fields listed.

    An entry may be a field name or a pair (German label, callable(obj)) for derived values.
    """
    data = {}
    for entry in fields:
        if isinstance(entry, tuple):
            label, getter = entry
            data[label] = _json_value(getter(obj))
            continue
        field = obj._meta.get_field(entry)
        value = getattr(obj, entry)
        if getattr(field, "choices", None) and hasattr(obj, f"get_{entry}_display"):
            value = getattr(obj, f"get_{entry}_display")()
        data[str(field.verbose_name)] = _json_value(value)
    return data


@dataclass(frozen=True)
class ModelPersonData:
    """The common case: rows of `model` whose `email_field` equals the address; delete removes them."""

    label: str
    model: str
    fields: tuple
    email_field: str = "email"
    select_related: tuple = ()

    def rows(self, email):
        manager = apps.get_model(self.model)._default_manager
        return manager.filter(**{f"{self.email_field}__iexact": email}).select_related(*self.select_related)

    def find(self, email):
        return self.rows(email).count()

    def export(self, email):
        return [row_as_dict(obj, self.fields) for obj in self.rows(email).order_by("pk")]

    def delete(self, email):
        rows = self.rows(email)
        count = rows.count()
        if count:
            apps.get_model(self.model)._default_manager.filter(
                pk__in=list(rows.values_list("pk", flat=True))
            ).delete()
        return count

    @property
    def permissions(self):
        app_label, model_name = self.model.split(".")
        return (f"{app_label}.view_{model_name.lower()}", f"{app_label}.delete_{model_name.lower()}")


def register_person_data(provider):
    """Register a provider (PersonDataProvider or anything with label, find, export, delete, permissions)."""
    _PERSON_PROVIDERS[provider.label] = provider
    return provider


def register_model_person_data(label, model, fields, email_field="email", select_related=()):
    """Register whole rows of `model` ("app_label.Model") found by their e-mail field."""
    return register_person_data(
        ModelPersonData(label, model, tuple(fields), email_field, tuple(select_related))
    )


def person_data_providers():
    return dict(_PERSON_PROVIDERS)


def person_data_permissions():
    """Every permission a user needs to see and delete all kinds of personal data."""
    return sorted({perm for provider in _PERSON_PROVIDERS.values() for perm in provider.permissions})


def person_report(email):
    """[(label, count)] for every provider, in registration order."""
    email = normalise_email(email)
    return [(label, provider.find(email)) for label, provider in _PERSON_PROVIDERS.items()]


def export_person(email):
    """Everything stored about the address: {"E-Mail-Adresse": …, "Erstellt am": …, "Daten": {label: [...]}}."""
    email = normalise_email(email)
    return {
        "E-Mail-Adresse": email,
        "Erstellt am": timezone.localtime().isoformat(),
        "Daten": {label: provider.export(email) for label, provider in _PERSON_PROVIDERS.items()},
    }


def delete_person(email):
    """Deletes (or anonymises) everything stored about the address, in one transaction; [(label, count)]."""
    email = normalise_email(email)

    with transaction.atomic():
        results = [(label, provider.delete(email)) for label, provider in _PERSON_PROVIDERS.items()]
        scrub_history()
        return results


def register_login_attempts_person_data():
    """Failed logins (django-axes) are stored by username; an editor's username may be an e-mail address."""
    if not apps.is_installed("axes"):
        return None
    return register_model_person_data(
        "Fehlgeschlagene Anmeldeversuche in der Redaktion",
        "axes.AccessAttempt",
        fields=["username", "ip_address", "user_agent", "attempt_time", "failures_since_start"],
        email_field="username",
    )
