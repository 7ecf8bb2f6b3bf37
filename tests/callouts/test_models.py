"""What a callout tells routing and the emails: its phrases, addresses and templates."""

import pytest

from milepost.callouts.models import DEFAULT_DECISIONS


@pytest.mark.django_db
def test_a_callout_without_phrases_is_routed_by_its_title(callout):
    assert callout.routing_phrases == ["Most Important Mile"]
    callout.subject_phrases = "  my mile \n\nlast mile  \n"
    assert callout.routing_phrases == ["my mile", "last mile"]


@pytest.mark.django_db
def test_recipient_addresses_are_one_a_line_in_lower_case(callout):
    assert callout.routing_addresses == []
    callout.recipient_addresses = " Mile@Stories.Example \n\n run@stories.example"
    assert callout.routing_addresses == ["mile@stories.example", "run@stories.example"]


@pytest.mark.django_db
def test_each_decision_email_starts_from_its_default_and_keeps_the_editors_words(callout):
    assert callout.decision_template("decline") == DEFAULT_DECISIONS["decline"]
    callout.accept_subject = "Yes to {title}"
    callout.save()
    callout.refresh_from_db()
    assert callout.decision_template("accept") == ("Yes to {title}", DEFAULT_DECISIONS["accept"][1])
