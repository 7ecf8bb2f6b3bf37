"""Shortlisting from the desk's queue, offered on the queue's own bulk-action bar."""

from django.contrib import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from milepost.core.exceptions import DomainError
from milepost.desk.selectors import submission_list_for_user
from milepost.submissions.models import Submission

from .forms import ShortlistForm
from .services import entry_shortlist


class ShortlistBulkAction(SnippetBulkAction):
    models = [Submission]
    display_name = "Shortlist for a book"
    action_type = "shortlist_for_book"
    aria_label = "Shortlist the selected stories for an anthology"
    template_name = "desk/bulk_action.html"
    form_class = ShortlistForm

    def check_perm(self, obj):
        user = self.request.user
        return (
            user.has_perm("anthology.change_anthology")
            and submission_list_for_user(user).filter(pk=obj.pk).exists()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, anthology=None, refused=None, **kwargs):
        shortlisted = 0
        for submission in objects:
            try:
                entry_shortlist(anthology, submission=submission, actor=user)
            except DomainError as refusal:
                if refused is not None:
                    refused.append(refusal.message)
                continue
            shortlisted += 1
        return shortlisted, 0

    def get_execution_context(self):
        self.refused: list[str] = []
        data = self.cleaned_form.cleaned_data
        return {"user": self.request.user, "refused": self.refused, **data}

    def form_valid(self, form):
        response = super().form_valid(form)
        # Each one left out, and why (not accepted yet, the book gone final), not just a count.
        for reason in getattr(self, "refused", []):
            messages.warning(self.request, f"Not shortlisted: {reason}")
        return response

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} stories shortlisted."
