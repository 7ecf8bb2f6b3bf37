"""The web form channel: a callout page's `submit/` route lands here."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from milepost.core.http import client_address

from .channels.rate_limit import Rate, rate_attempt_record
from .channels.web_form import WebSubmissionForm, word_notes
from .services import web_submission_receive

TEMPLATE = "intake/submission_form.html"
RATE_SCOPE = "web-form"


# never_cache: the page carries a CSRF token, so no shared cache may keep it.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def web_submission_form(request, index_page):
    callout = index_page.callout
    if not callout.is_open:
        # Nothing is stored: the story is shown back so it is not lost.
        status = 410 if request.method == "POST" else 200
        story_copy = request.POST.get("story", "")
        return _page(request, index_page, status=status, closed=True, story_copy=story_copy)
    if request.method != "POST":
        return _page(request, index_page, WebSubmissionForm(callout=callout))
    rate = Rate.parse(settings.MILEPOST_WEB_FORM_RATE)
    if not rate_attempt_record(RATE_SCOPE, client_address(request), rate):
        # Unbound, so nothing is checked or decoded, but everything typed is shown again.
        form = WebSubmissionForm(initial=request.POST.dict(), callout=callout)
        return _page(request, index_page, form, status=429, rate_limited=True)
    form = WebSubmissionForm(request.POST, request.FILES, callout=callout)
    if not form.is_valid():
        return _page(request, index_page, form)
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
