"""Shortlisting from the desk's queue, offered on the queue's own bulk-action bar."""

from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from milepost.submissions.models import Submission

from .forms import ShortlistForm
from .models import InvalidTransition
from .services import entry_shortlist


class ShortlistBulkAction(SnippetBulkAction):
    models = [Submission]
    display_name = "Shortlist for a book"
    action_type = "shortlist_for_book"
    aria_label = "Shortlist the selected stories for an anthology"
    template_name = "desk/bulk_action.html"
    form_class = ShortlistForm

    def check_perm(self, obj):
        return self.request.user.has_perm("anthology.change_anthology")

    @classmethod
    def execute_action(cls, objects, user=None, anthology=None, **kwargs):
        shortlisted = 0
        for submission in objects:
            try:
                entry_shortlist(anthology, submission=submission, actor=user)
            except InvalidTransition:
                continue  # the summary counts what went in; the rest are not ready
            shortlisted += 1
        return shortlisted, 0

    def get_execution_context(self):
        return {"user": self.request.user, **self.cleaned_form.cleaned_data}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} stories shortlisted."
