from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from milepost.core.exceptions import DomainError
from milepost.desk.selectors import reach_register
from milepost.desk.viewsets import ReachLimitedChooserViewSet, ReachLimitedViewSetMixin
from milepost.stories.models import StoryPage

from . import admin_views, selectors
from .bulk_actions import ShortlistBulkAction
from .forms import AnthologyForm
from .models import Anthology

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


class BookTitleColumn(TitleColumn):
    """A book's title opens its entries and exports, the page an editor works from; its
    edit form stays in the row's menu."""

    def get_link_url(self, instance, parent_context):
        return reverse("anthology_book", args=[instance.pk])


class AnthologyIndexView(IndexView):
    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        return super()._get_title_column(field_name, BookTitleColumn, **kwargs)


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
