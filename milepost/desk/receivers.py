"""Signal receivers: Wagtail's page signals and the submissions layer's hook call desk services."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import Page, TaskState
from wagtail.signals import page_published, page_unpublished, task_submitted

from milepost.stories.models import StoryIndexPage, StoryPage
from milepost.submissions.models import SubmissionStatus
from milepost.submissions.signals import (
    submission_approval_answered,
    submission_naming_change_asked,
    submission_status_changed,
)

from . import selectors, services


@receiver(page_published, sender=StoryPage)
def story_published(sender, instance, revision=None, **kwargs):
    services.story_published_record(instance, actor=revision.user if revision else None)


@receiver(page_unpublished, sender=StoryPage)
def story_unpublished(sender, instance, **kwargs):
    services.story_unpublished_record(instance)


@receiver(submission_status_changed)
def submission_withdrawn(sender, submission, to_status, **kwargs):
    if to_status == SubmissionStatus.WITHDRAWN:
        services.submission_withdrawal_handle(submission)


@receiver(submission_approval_answered)
def submission_approval_answered_notify(sender, submission, approved, message, **kwargs):
    services.submission_approval_answer_handle(submission, approved=approved, message=message)


@receiver(submission_naming_change_asked)
def submission_naming_change_notify(sender, submission, **kwargs):
    services.submission_naming_change_notify(submission)


@receiver(post_save, sender=StoryIndexPage)
def story_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.story_index_workflow_assign(instance)


class ReachLimitedTaskSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail emails every member of the reviewing groups when a page awaits their review;
    an editor limited to some callouts hears only of their callouts' pages."""

    def get_recipient_users(self, task_state, **kwargs):
        users = super().get_recipient_users(task_state, **kwargs)
        page = task_state.workflow_state.content_object
        if not isinstance(page, Page):
            return users
        return [user for user in users if selectors.page_is_in_reach(user, page)]


# Under Wagtail's own dispatch_uid: connected first (the desk's app comes before Wagtail's
# admin in INSTALLED_APPS), it stands in for Wagtail's notifier, which is then not connected.
task_submission_email_notifier = ReachLimitedTaskSubmissionNotifier()
task_submitted.connect(
    task_submission_email_notifier,
    sender=TaskState,
    dispatch_uid="group_approval_task_submitted_email_notification",
)
