from datetime import timedelta

from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import ButtonsColumnMixin, TitleColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from milepost.core.exceptions import DomainError
from milepost.desk.selectors import reach_register
from milepost.desk.today import TodayItem
from milepost.desk.viewsets import ReachLimitedChooserViewSet, ReachLimitedViewSetMixin
from milepost.stories.models import StoryPage

from . import admin_views, selectors
from .bulk_actions import ShortlistBulkAction
from .forms import AnthologyForm
from .models import Anthology, AnthologyExport, BookPermission, EntryStatus, ExportStatus

hooks.register("register_bulk_action", ShortlistBulkAction)
# A book holding another callout's stories is out of reach of an editor limited to some.
reach_register(Anthology, selectors.anthology_list_for_user)


class AnthologyEditView(EditView):
    def form_valid(self, form):
        """The model refuses any change to a final book (`Anthology.save`, the sections' and
        entries' own saves); the save is rolled back and the editor sees why on the form."""
        try:
            return super().form_valid(form)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class BookTitleColumn(ButtonsColumnMixin, TitleColumn):
    """A book's title opens its entries and exports, the page an editor works from; its
    edit form stays in the row's menu (the index view's own list buttons)."""

    def __init__(self, *args, list_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_buttons = list_buttons

    def get_buttons(self, instance, parent_context):
        return self.list_buttons(instance)


class AnthologyIndexView(IndexView):
    @cached_property
    def columns(self):
        # Wagtail's columns (the bulk-action checkboxes, the title, the rest), with the title
        # linked to the book's page; its id still labels the row's checkbox.
        columns = list(super().columns)
        title = next(i for i, column in enumerate(columns) if isinstance(column, TitleColumn))
        columns[title] = BookTitleColumn(
            "title",
            label="Title",
            sort_key="title",
            get_url=lambda book: reverse("anthology_book", args=[book.pk]),
            get_title_id=lambda book: f"snippet_{book.pk}_title",
            list_buttons=self.get_list_buttons,
        )
        return columns


class AnthologyViewSet(ReachLimitedViewSetMixin, SnippetViewSet):
    model = Anthology
    chooser_viewset_class = ReachLimitedChooserViewSet
    edit_handler = ObjectList(Anthology.panels, base_form_class=AnthologyForm)
    index_view_class = AnthologyIndexView
    edit_view_class = AnthologyEditView
    icon = "doc-full"
    menu_label = "Anthologies"
    add_to_admin_menu = True
    list_display = ["title", "target_date", "final_at"]


register_snippet(AnthologyViewSet)


@hooks.register("register_admin_urls")
def register_anthology_urls():
    return [
        path("anthology/<int:pk>/", admin_views.anthology_book, name="anthology_book"),
        path("anthology/<int:pk>/export/", admin_views.anthology_export, name="anthology_export"),
        path(
            "anthology/exports/<int:pk>/download/",
            admin_views.anthology_export_download,
            name="anthology_export_download",
        ),
        path(
            "anthology/entries/<int:pk>/request-permission/",
            admin_views.entry_permission_request,
            name="anthology_permission_request",
        ),
        path(
            "anthology/shortlist/<str:kind>/<int:pk>/",
            admin_views.shortlist,
            name="anthology_shortlist",
        ),
    ]


@hooks.register("register_page_header_buttons")
def story_shortlist_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, StoryPage) and user.has_perm(
        "anthology.change_anthology"
    ):
        url = reverse("anthology_shortlist", args=["story", page.pk])
        yield Button("Shortlist for a book", url, icon_name="doc-full", priority=80)


@hooks.register("desk_submission_buttons")
def submission_shortlist_button(request, submission):
    if request.user.has_perm("anthology.change_anthology"):
        url = reverse("anthology_shortlist", args=["submission", submission.pk])
        return Button("Shortlist for a book", url, classname="button-secondary")
    return None


@hooks.register("register_snippet_listing_buttons")
def anthology_book_button(snippet, user, next_url=None):
    if isinstance(snippet, Anthology):
        yield Button("Entries and exports", reverse("anthology_book", args=[snippet.pk]))


# A failed export is listed for a week: long enough to be seen after a weekend.
FAILED_EXPORTS_SHOWN = timedelta(days=7)


@hooks.register("desk_today_items")
def book_today_items(user, now) -> list[TodayItem]:
    """Book permissions awaited, and exports running or failed, in the books `user` reaches."""
    if not user.has_perm("anthology.change_anthology"):
        return []
    books = selectors.anthology_list_for_user(user)
    awaited = (
        BookPermission.objects.filter(
            entry__anthology__in=books,
            entry__status=EntryStatus.PERMISSION_REQUESTED,
            granted_at__isnull=True,
            declined_at__isnull=True,
        )
        .values("entry__anthology", "entry__anthology__title")
        .annotate(count=Count("pk"))
        .order_by("entry__anthology__title")
    )
    items = [
        TodayItem(
            f"{row['entry__anthology__title']}: {row['count']} book "
            + ("permission awaited" if row["count"] == 1 else "permissions awaited"),
            reverse("anthology_book", args=[row["entry__anthology"]]),
        )
        for row in awaited
    ]
    exports = AnthologyExport.objects.filter(anthology__in=books).filter(
        Q(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
        | Q(status=ExportStatus.FAILED, made_at__gte=now - FAILED_EXPORTS_SHOWN)
    )
    for export in exports.select_related("anthology").order_by("made_at", "pk"):
        status = "failed" if export.status == ExportStatus.FAILED else "running"
        items.append(
            TodayItem(
                f"{export.anthology.title}: export {export.number} {status}",
                reverse("anthology_book", args=[export.anthology_id]),
            )
        )
    return items
