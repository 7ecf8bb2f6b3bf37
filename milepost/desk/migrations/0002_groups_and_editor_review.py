"""Editors and Reviewers with their permissions, and the "Editor review" workflow on callout pages."""

from django.db import migrations

from milepost.core.migration_helpers import group_permissions_grant, permissions_create

EDITORS = [
    (
        "submissions",
        ["view_submission", "decide_submission", "add_submissionnote", "view_submissionnote"]
        + ["add_submissionvote", "view_submissionvote"],
    ),
    ("intake", ["view_inboundmessage", "download_raw_email"]),
    ("callouts", ["add_callout", "change_callout", "view_callout"]),
    ("wagtailadmin", ["access_admin"]),
]
REVIEWERS = [
    (
        "submissions",
        ["view_submission", "add_submissionnote", "view_submissionnote"]
        + ["add_submissionvote", "view_submissionvote"],
    ),
    ("wagtailadmin", ["access_admin"]),
]


def forwards(apps, schema_editor):
    for group_name, grants in (("Editors", EDITORS), ("Reviewers", REVIEWERS)):
        for app_label, codenames in grants:
            group_permissions_grant(apps, group_name, app_label, codenames, group_create=True)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.get(name="Editors")

    # Editors publish stories; Wagtail's defaults only let them draft.
    permissions_create(apps, "wagtailcore")
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
