"""Bulk actions on the queue, as Wagtail offers them for snippets: assign, change status,
decline with the callout's template."""

from django import forms
from django.contrib.auth import get_user_model
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from milepost.core.exceptions import DomainError
from milepost.submissions.emails import submission_email_render
from milepost.submissions.models import (
    FOLLOWED_STATUSES,
    Submission,
    SubmissionStatus,
)
from milepost.submissions.services import (
    submission_assign,
    submission_decide,
    submission_status_set,
)

from .selectors import assignee_list_for_submissions, submission_list_for_user


class SubmissionBulkAction(SnippetBulkAction):
    models = [Submission]

    def check_perm(self, obj):
        user = self.request.user
        return user.has_perm("submissions.decide_submission") and (
            submission_list_for_user(user).filter(pk=obj.pk).exists()
        )


class AssignForm(forms.Form):
    # Narrowed to who may take on the selected submissions (`AssignBulkAction.get_form`).
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, empty_label="Nobody"
    )


class AssignBulkAction(SubmissionBulkAction):
    display_name = "Assign"
    action_type = "assign"
    aria_label = "Assign the selected submissions"
    template_name = "desk/bulk_action.html"
    form_class = AssignForm

    @classmethod
    def execute_action(cls, objects, user=None, assignee=None, **kwargs):
        for submission in objects:
            submission_assign(submission, assignee, actor=user)
        return len(objects), 0

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        submissions, _ = self.get_actionable_objects()
        form.fields["assignee"].queryset = assignee_list_for_submissions(submissions)
        return form

    def get_execution_context(self):
        return {"user": self.request.user, **self.cleaned_form.cleaned_data}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} submissions assigned."


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in SubmissionStatus if s not in FOLLOWED_STATUSES]
    )


class StatusBulkAction(SubmissionBulkAction):
    display_name = "Change status"
    action_type = "change_status"
    aria_label = "Change the status of the selected submissions"
    template_name = "desk/bulk_action.html"
    form_class = StatusForm

    @classmethod
    def execute_action(cls, objects, user=None, status="", **kwargs):
        changed = 0
        for submission in objects:
            try:
                submission_status_set(submission, status, actor=user)
            except DomainError:
                continue  # the summary counts what changed; the rest keep their status
            changed += 1
        return changed, 0

    def get_execution_context(self):
        return {"user": self.request.user, **self.cleaned_form.cleaned_data}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} submissions changed status."


class DeclineBulkAction(SubmissionBulkAction):
    display_name = "Decline with the template"
    action_type = "decline"
    aria_label = "Decline the selected submissions, writing to each from the callout's template"
    template_name = "desk/bulk_action.html"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        declined = 0
        for submission in objects:
            if not submission.can_become(SubmissionStatus.DECLINED):
                continue
            subject, body = submission_email_render(submission, "decline")
            try:
                submission_decide(submission, "decline", subject=subject, body=body, actor=user)
            except DomainError:
                continue
            declined += 1
        return declined, 0

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} submissions declined; their emails are queued."
