"""The web form channel: a callout page's `submit/` route lands here."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from milepost.callouts.deadlines import callout_timing
from milepost.core.http import client_address

from .channels.rate_limit import Rate, rate_attempt_record
from .channels.web_form import WebSubmissionForm, word_notes
from .services import web_submission_receive

TEMPLATE = "intake/submission_form.html"
RATE_SCOPE = "web-form"


# never_cache: the page carries a CSRF token, so no shared cache may keep it.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def web_submission_form(request, index_page, *, open_elsewhere=list):
    """The form while the callout is open. Closed, it says so and links to `open_elsewhere()`
    (the other callouts' pages taking stories); a story posted all the same, from a page
    opened before the close, is kept, marked as after the deadline, as mail would be."""
    callout = index_page.callout
    timing = callout_timing(callout)
    flags = {"timing": timing}
    if not timing.is_open:
        flags |= {"closed": True, "open_elsewhere": open_elsewhere()}
    if request.method != "POST":
        form = WebSubmissionForm(callout=callout) if timing.is_open else None
        return _page(request, index_page, form, **flags)
    rate = Rate.parse(settings.MILEPOST_WEB_FORM_RATE)
    if not rate_attempt_record(RATE_SCOPE, client_address(request), rate):
        # Unbound, so nothing is checked or decoded, but everything typed is shown again.
        form = WebSubmissionForm(initial=request.POST.dict(), callout=callout)
        return _page(request, index_page, form, status=429, rate_limited=True, **flags)
    form = WebSubmissionForm(request.POST, request.FILES, callout=callout)
    if not form.is_valid():
        return _page(request, index_page, form, **flags)
    submission = web_submission_receive(callout, form)
    response = HttpResponseRedirect(f"{submission.get_status_url()}?sent=1")
    response.status_code = 303  # See Other: reloading the status page must not post again
    return response


def _page(request, index_page, form=None, *, status=200, **flags):
    context = {
        "page": index_page,
        "callout": index_page.callout,
        "form": form,
        "word_notes": word_notes(index_page.callout),
        **flags,
    }
    return TemplateResponse(request, TEMPLATE, context, status=status)
