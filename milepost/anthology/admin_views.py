"""The anthology's admin views: the book's entries and exports, shortlisting, permission
requests, exports and their downloads. Parse, check permission, call a service, render."""

from functools import wraps

from django.contrib import messages
from django.http import FileResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from milepost.core.exceptions import DomainError
from milepost.core.quoting import title_quoted

from . import selectors, services
from .forms import ExportForm, ShortlistForm
from .models import AnthologyEntry, AnthologyExport, ExportStatus

RUNNING = (ExportStatus.QUEUED, ExportStatus.RUNNING)
CHANGE = "anthology.change_anthology"
EXPORT = "anthology.export_anthology"


def _requires(permission):
    """A plain 403 for those without the permission, rather than Wagtail's redirect."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                return HttpResponseForbidden("You do not have permission to do this.")
            return view(request, *args, **kwargs)

        return checked

    return decorator


def book_url(anthology) -> str:
    return reverse("anthology_book", args=[anthology.pk])


@_requires("anthology.view_anthology")
def anthology_book(request, pk, export_form=None, report=""):
    anthology = get_object_or_404(selectors.anthology_list_for_user(request.user), pk=pk)
    exports = list(anthology.exports.select_related("made_by"))
    context = {
        "anthology": anthology,
        "entries": anthology.entries.select_related("section", "story", "submission").order_by(
            *selectors.BOOK_ORDER
        ),
        "exports": exports,
        # The page reloads itself (no script needed) while an export is under way.
        "exports_running": any(export.status in RUNNING for export in exports),
        "export_form": export_form or ExportForm(),
        "report": report,
        "can_export": request.user.has_perm(EXPORT),
    }
    return TemplateResponse(request, "anthology/admin_book.html", context)


@require_POST
@_requires(EXPORT)
def anthology_export(request, pk):
    anthology = get_object_or_404(selectors.anthology_list_for_user(request.user), pk=pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        return anthology_book(request, pk, export_form=form)
    data = form.cleaned_data
    try:
        export = services.anthology_export_create(
            anthology,
            fmt=data["format"],
            draft=data["draft"],
            notes=data["notes"],
            proof=data["proof"],
            actor=request.user,
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
        report = refusal.extra.get("report", "")
        response = anthology_book(request, pk, export_form=form, report=report)
        response.status_code = 409
        return response
    messages.success(request, f"Export version {export.number} is queued.")
    return redirect(book_url(anthology))


@_requires(EXPORT)
def anthology_export_download(request, pk):
    export = get_object_or_404(
        AnthologyExport,
        pk=pk,
        status=ExportStatus.DONE,
        anthology__in=selectors.anthology_list_for_user(request.user),
    )
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)


@require_POST
@_requires(CHANGE)
def entry_permission_request(request, pk):
    entry = get_object_or_404(
        AnthologyEntry, pk=pk, anthology__in=selectors.anthology_list_for_user(request.user)
    )
    try:
        services.book_permission_request(entry, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Permission requested from {entry.contributor_name}.")
    return redirect(book_url(entry.anthology))


@_requires(CHANGE)
def shortlist(request, kind, pk):
    """Shortlist a story (from its page) or a submission (from the desk) into a book."""
    target = selectors.shortlist_target_get(request.user, kind, pk)
    form = ShortlistForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        anthology = form.cleaned_data["anthology"]
        source = {"story": target} if kind == "story" else {"submission": target}
        try:
            services.entry_shortlist(anthology, actor=request.user, **source)
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            title = target.title if kind == "story" else target.shown_title
            shortlisted = f"{title_quoted(title)} is shortlisted for {title_quoted(anthology)}."
            messages.success(request, shortlisted)
            return redirect(book_url(anthology))
    context = {"target": target, "form": form}
    return TemplateResponse(request, "anthology/admin_shortlist.html", context)
