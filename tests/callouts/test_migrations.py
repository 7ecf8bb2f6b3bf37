"""Stored templates move to today's: old defaults unwrapped, one set of placeholders, {title}
without quotation marks of its own."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from milepost.callouts.models import DEFAULT_ACKNOWLEDGMENT_BODY, DEFAULT_DECISIONS

BEFORE = [("callouts", "0006_acknowledgment_privacy_link")]
# 0010 gives the publication notice the share card and the invitation to pass the callout on.
AFTER = [("callouts", "0010_publication_notice_share_card")]


@pytest.mark.django_db(transaction=True)
def test_old_defaults_are_unwrapped_and_editors_words_keep_working():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Callout = executor.loader.project_state(BEFORE).apps.get_model("callouts", "Callout")
    Callout.objects.create(title="Old defaults", slug="old", prompt="?")
    Callout.objects.create(
        title="Edited",
        slug="edited",
        prompt="?",
        acknowledgment_body="Hello {name}, we have “{title}”.\n{status_link}\n",
        accept_subject='Yes to "{title}"',
        question_body="Dear {first_name},\nwhat happened at mile 20?\n",
        published_body="Dear {first_name},\nit is live: {story_link}\n",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    Callout = executor.loader.project_state(AFTER).apps.get_model("callouts", "Callout")
    old, edited = Callout.objects.get(slug="old"), Callout.objects.get(slug="edited")
    # The place for the deadline note came later (0011).
    assert old.acknowledgment_body == DEFAULT_ACKNOWLEDGMENT_BODY.replace("{deadline_note}", "")
    assert "we will write to you before" in old.acknowledgment_body
    for kind, (subject, body) in DEFAULT_DECISIONS.items():
        assert (getattr(old, f"{kind}_subject"), getattr(old, f"{kind}_body")) == (subject, body)
    assert edited.acknowledgment_body == "Hello {first_name}, we have {title}.\n{status_link}\n"
    assert edited.accept_subject == "Yes to {title}"
    assert edited.question_body == "Dear {first_name},\nwhat happened at mile 20?\n"
    assert edited.published_body == "Dear {first_name},\nit is live: {story_link}\n"
    assert "Please pass the callout on: {callout_link}" in old.published_body
    call_command("migrate", verbosity=0)  # the rest of the suite runs on the latest schema


@pytest.mark.django_db(transaction=True)
def test_callouts_keep_their_meaning_and_the_default_body_gains_the_deadline_note():
    before = [("callouts", "0010_publication_notice_share_card")]
    after = [("callouts", "0011_deadlines_and_limit_per_address")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    Callout = executor.loader.project_state(before).apps.get_model("callouts", "Callout")
    Callout.objects.create(title="Open", slug="open", prompt="?")
    Callout.objects.create(
        title="Closed", slug="closed", prompt="?", is_open=False, acknowledgment_body="Hi {title}"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Callout = executor.loader.project_state(after).apps.get_model("callouts", "Callout")
    opened, closed = Callout.objects.get(slug="open"), Callout.objects.get(slug="closed")
    assert opened.acknowledgment_body == DEFAULT_ACKNOWLEDGMENT_BODY
    assert "{deadline_note}" in opened.acknowledgment_body
    assert closed.acknowledgment_body == "Hi {title}"
    for callout, is_open in ((opened, True), (closed, False)):
        assert callout.is_open is is_open
        assert (callout.opens_at, callout.closes_at) == (None, None)
        assert (callout.late_policy, callout.submissions_per_address) == ("accept", None)
    call_command("migrate", verbosity=0)
