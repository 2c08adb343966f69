"""The views of "Barriere melden": routes of AccessibilityStatementPage (models.py) hand (request, page) here."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from barrierefreiheit.forms import BarrierReportForm, same_site_path
from barrierefreiheit.models import answer_due
from barrierefreiheit.services import store_report
from cms.forms.public import PublicFormView
from cms.operations import pagecache


class ReportView(PublicFormView):
    """The form "Barriere melden"; a GET takes over the page it came from (``?seite=``) if it is of this site."""

    form_class = BarrierReportForm
    template_name = "barrierefreiheit/report_form.html"
    thanks_template = "barrierefreiheit/report_thanks.html"
    thanks_route = "report_thanks"
    what = "Ihre Meldung"
    rate_limit_name = "barriere-melden"
    rate_limit_setting = "BARRIER_REPORTS_PER_HOUR"
    too_many_message = (
        "Von Ihrem Anschluss sind in der letzten Stunde schon mehrere Meldungen gekommen. Bitte "
        "versuchen Sie es in einer Stunde noch einmal oder rufen Sie uns an."
    )

    def get_form_kwargs(self):
        return {"host": self.request.get_host()}

    def get_initial(self):
        try:
            page_url = same_site_path(self.request.GET.get("seite", ""), self.request.get_host())
        except ValueError:
            page_url = ""  # another site's address is not taken over
        return {"page_url": page_url}

    def save(self, form):
        store_report(form)

    def thanks(self):
        # The page names a due date counted from today: a cached copy must not outlive the day.
        tomorrow = timezone.localdate() + timedelta(days=1)
        pagecache.valid_until(self.request, timezone.make_aware(datetime.combine(tomorrow, time.min)))
        return super().thanks()

    def get_thanks_context(self):
        return {"due_date": answer_due(timezone.now())}


report_view = ReportView.as_route()
thanks_view = ReportView.as_thanks_route()
