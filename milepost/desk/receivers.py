"""Signal receivers: Wagtail's page signals and the submissions layer's hook call desk services."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from milepost.stories.models import StoryIndexPage, StoryPage
from milepost.submissions.models import SubmissionStatus
from milepost.submissions.signals import submission_status_changed

from . import services


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


@receiver(post_save, sender=StoryIndexPage)
def story_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.story_index_workflow_assign(instance)
