"""Admin integration: snippets, the accessibility checker with the WCAG rule set, editor help."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.editors.dashboard import ExpiringSoonPanel, ReviewDuePanel, SubmissionsPanel
from cms.editors.guide_views import editor_guide
from cms.editors.privacy_views import may_manage_personal_data, person_data
from cms.forms.private_files import serve_private_file
from cms.models import ContactPerson, FieldOfEngagement, Municipality, Organisation, TargetGroup, Venue


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_label = "Ansprechpersonen"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "email"]
    search_fields = ["name", "role", "organisation"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisationen"
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "home"
    menu_label = "Veranstaltungsorte"
    list_display = ["name", "town", "municipality"]
    list_filter = ["municipality", "step_free_access"]
    search_fields = ["name", "town"]


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = "Gemeinden"


class FieldOfEngagementViewSet(SnippetViewSet):
    model = FieldOfEngagement
    icon = "tag"
    menu_label = "Engagementbereiche"


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "user"
    menu_label = "Zielgruppen"


class MasterDataGroup(SnippetViewSetGroup):
    """Lists every app shares: organisations, venues and the filter vocabularies."""

    items = (
        OrganisationViewSet,
        VenueViewSet,
        MunicipalityViewSet,
        FieldOfEngagementViewSet,
        TargetGroupViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = "Stammdaten"
    menu_name = "stammdaten"
    menu_order = 210


register_snippet(ContactPersonViewSet)
register_snippet(MasterDataGroup)


class WcagContentChecker(ContentCheckerItem):
    """Wagtail's checker, run with the WCAG 2.2 AA rule set this site is audited against."""

    axe_run_only = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@hooks.register("construct_wagtail_userbar")
def use_wcag_checker(request, items, page):
    for position, item in enumerate(items):
        if type(item) is ContentCheckerItem:
            items[position] = WcagContentChecker(in_editor=item.in_editor)


# --- "Auskunft und Löschung" (cms/editors/privacy_views.py) under Einstellungen ---------------------------------


class PersonDataMenuItem(MenuItem):
    def is_shown(self, request):

        return may_manage_personal_data(request.user)


@hooks.register("register_admin_urls")
def person_data_urls():

    return [path("datenschutz/auskunft/", person_data, name="cms_person_data")]


@hooks.register("register_admin_urls")
def private_file_urls():

    return [
        path(
            "private-dateien/<slug:key>/<int:pk>/<slug:field>/",
            serve_private_file,
            name="cms_private_file",
        )
    ]


@hooks.register("register_settings_menu_item")
def person_data_menu_item():
    return PersonDataMenuItem(
        "Auskunft und Löschung", reverse("cms_person_data"), icon_name="user", order=900
    )


# --- Dashboard (cms.editors.dashboard): the panels that belong to no single app ---------------------------


@hooks.register("construct_homepage_panels")
def add_editorial_dashboard_panels(request, panels):

    panels.extend([SubmissionsPanel(), ReviewDuePanel(), ExpiringSoonPanel()])


# --- The admin under a strict Content-Security-Policy (cms/operations/security.py) ------------------------------


@hooks.register("insert_global_admin_js")
def admin_without_inline_scripts():

    return format_html('<script src="{}"></script>', static("js/admin-csp.js"))


# --- Redaktionshandbuch (cms/editors/guide.py, cms/editors/guide_views.py) ------------------------------------------------


@hooks.register("register_admin_urls")
def editor_guide_urls():

    return [path("handbuch/", editor_guide, name="cms_editor_guide")]


@hooks.register("register_admin_menu_item")
def editor_guide_menu_item():
    return MenuItem("Redaktionshandbuch", reverse("cms_editor_guide"), icon_name="help", order=10000)


# --- Accessible names for Draftail and tag inputs in the editor (found by tests/browser/test_admin_accessibility.py)


@hooks.register("insert_editor_js")
def editor_accessible_names():

    return format_html('<script src="{}"></script>', static("cms/admin/editor-names.js"))
