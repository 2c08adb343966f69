from django.apps import AppConfig
from django.db.models.signals import post_delete
from wagtail.signals import page_published, workflow_rejected


class PraxisbeispieleConfig(AppConfig):
    name = "praxisbeispiele"
    verbose_name = "Praxisbeispiele"

    def ready(self):
        # Imported in ready(): models and other apps' modules load only once the app registry is ready.
        from cms.forms.private_files import register_private_files
        from cms.models import FieldOfEngagement, Municipality, Organisation, TargetGroup
        from cms.operations import pagecache
        from cms.privacy import register_model_person_data
        from praxisbeispiele import signals
        from praxisbeispiele.models import (
            PRIVATE_FILES_KEY,
            ExampleProposal,
            LibraryPage,
            PracticeExamplePage,
            can_view_proposal_files,
        )

        page_published.connect(signals.proposal_decided, dispatch_uid="praxis_proposal_published")
        workflow_rejected.connect(signals.proposal_rejected, dispatch_uid="praxis_proposal_rejected")

        post_delete.connect(
            signals.proposal_deleted, sender=ExampleProposal, dispatch_uid="praxis_proposal_files_deleted"
        )
        register_private_files(
            PRIVATE_FILES_KEY, ExampleProposal, ["photo", "material"], can_view_proposal_files
        )
        ExampleProposal.register_retention("Kontaktdaten zu Vorschlägen für Praxisbeispiele")

        register_model_person_data(
            "Vorschläge für Praxisbeispiele",
            "praxisbeispiele.ExampleProposal",
            fields=[
                ("Vorgeschlagenes Praxisbeispiel", lambda proposal: proposal.page.title),
                "name",
                "email",
                "phone",
                "consent",
                "created_at",
                "decided_at",
            ],
            select_related=["page"],
        )

        # Page cache (cms/operations/pagecache.py): the library, related examples and the block "Praxisbeispiele"
        # show every published example.
        pagecache.register_page(PracticeExamplePage, depends=["library"], affects=["library"])
        pagecache.register_page(
            LibraryPage, depends=["library"], private_routes={"propose_route", "propose_thanks_route"}
        )
        pagecache.watch_snippets(
            FieldOfEngagement, TargetGroup, Municipality, Organisation, topics=["library"]
        )
