"""Editors and Reviewers with their permissions, and the "Editor review" workflow on callout pages."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = [
    ("submissions", "submission", ["view_submission", "decide_submission"]),
    ("submissions", "submissionnote", ["add_submissionnote", "view_submissionnote"]),
    ("submissions", "submissionvote", ["add_submissionvote", "view_submissionvote"]),
    ("intake", "inboundmessage", ["view_inboundmessage", "download_raw_email"]),
    ("callouts", "callout", ["add_callout", "change_callout", "view_callout"]),
]
REVIEWERS = [
    ("submissions", "submission", ["view_submission"]),
    ("submissions", "submissionnote", ["add_submissionnote", "view_submissionnote"]),
    ("submissions", "submissionvote", ["add_submissionvote", "view_submissionvote"]),
]


def _grant(apps, group, grants):
    Permission = apps.get_model("auth", "Permission")
    for app_label, model, codenames in grants:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=model, codename__in=codenames
            )
        )


def forwards(apps, schema_editor):
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    _grant(apps, editors, EDITORS)
    _grant(apps, reviewers, REVIEWERS)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    reviewers.permissions.add(*admin_access)
    editors.permissions.add(*admin_access)

    # Editors publish stories; Wagtail's defaults only let them draft.
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in ("add_page", "change_page", "publish_page"):
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=editors, page=root, permission=permission
                )

    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Editor review", defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name="Editor review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")
    for index_page in StoryIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(page_id=index_page.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_desk_memberships_and_preferences"),
        ("submissions", "0007_editorial_desk"),
        ("stories", "0003_story_submission"),
        ("intake", "0007_editors_may_download_raw_email"),
        ("callouts", "0004_decision_emails"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
