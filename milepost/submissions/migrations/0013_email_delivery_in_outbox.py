"""A submitter's email is sent by `core.outbox`: its delivery (sent, or why not) moves there."""

import django.db.models.deletion
from django.db import migrations, models


def emails_to_outbox(apps, schema_editor):
    SubmissionEmail = apps.get_model("submissions", "SubmissionEmail")
    OutgoingEmail = apps.get_model("core", "OutgoingEmail")
    for email in SubmissionEmail.objects.iterator():
        if email.sent_at:
            status = "sent"
        elif email.suppressed:
            status = "withheld"
        else:  # never sent (the mail server failed it, say): the sweep sends it now
            status = "pending"
        email.outgoing = OutgoingEmail.objects.create(
            to=email.to,
            subject=email.subject,
            body=email.body,
            status=status,
            attempts=1 if email.sent_at else 0,
            reason=email.suppressed,
            sent_at=email.sent_at,
            kept_with_record=True,
        )
        email.save(update_fields=["outgoing"])


def emails_from_outbox(apps, schema_editor):
    SubmissionEmail = apps.get_model("submissions", "SubmissionEmail")
    for email in SubmissionEmail.objects.select_related("outgoing").iterator():
        email.sent_at = email.outgoing.sent_at
        email.suppressed = email.outgoing.reason[:200] if email.outgoing.status != "pending" else ""
        email.save(update_fields=["sent_at", "suppressed"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_outgoing_email"),
        ("submissions", "0012_checks_sender_address"),
    ]

    operations = [
        migrations.AddField(
            model_name="submissionemail",
            name="outgoing",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="submission_email",
                to="core.outgoingemail",
            ),
        ),
        migrations.RunPython(emails_to_outbox, emails_from_outbox),
        migrations.RemoveField(model_name="submissionemail", name="sent_at"),
        migrations.RemoveField(model_name="submissionemail", name="suppressed"),
        migrations.AlterField(
            model_name="submissionemail",
            name="outgoing",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="submission_email",
                to="core.outgoingemail",
            ),
        ),
    ]
