from django.apps import AppConfig


class PraxisbeispieleConfig(AppConfig):
    name = "praxisbeispiele"
    verbose_name = "Praxisbeispiele"

    def ready(self):
        # Imported here: these modules import models, which Django loads only after the app registry is set up.
        from wagtail.signals import page_published, workflow_rejected

        from praxisbeispiele import signals

        page_published.connect(signals.proposal_decided, dispatch_uid="praxis_proposal_published")
        workflow_rejected.connect(signals.proposal_rejected, dispatch_uid="praxis_proposal_rejected")
        from django.db.models.signals import post_delete

        from cms.forms.private_files import register_private_files
        from praxisbeispiele.models import PRIVATE_FILES_KEY, ExampleProposal, can_view_proposal_files

        post_delete.connect(
            signals.proposal_deleted, sender=ExampleProposal, dispatch_uid="praxis_proposal_files_deleted"
        )
        register_private_files(
            PRIVATE_FILES_KEY, ExampleProposal, ["photo", "material"], can_view_proposal_files
        )
        ExampleProposal.register_retention("Kontaktdaten zu Vorschlägen für Praxisbeispiele")
        from cms.privacy import register_model_person_data

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
        from cms.models import FieldOfEngagement, Municipality, Organisation, TargetGroup
        from cms.operations import pagecache
        from praxisbeispiele.models import LibraryPage, PracticeExamplePage

        pagecache.register_page(PracticeExamplePage, depends=["library"], affects=["library"])
        pagecache.register_page(
            LibraryPage, depends=["library"], private_routes={"propose_route", "propose_thanks_route"}
        )
        pagecache.watch_snippets(
            FieldOfEngagement, TargetGroup, Municipality, Organisation, topics=["library"]
        )
