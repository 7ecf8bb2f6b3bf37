"""What a callout tells routing and the emails: its phrases, addresses and templates."""

import pytest
from django.core.exceptions import ValidationError

from milepost.callouts.models import DEFAULT_DECISIONS
from tests.demo.test_services import form_fields


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


# Templates use one set of placeholders; anything else is refused when saved, by name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "template", "named"),
    [
        ("accept_body", "Dear {name},", "{name} is not a placeholder here."),
        ("decline_subject", "About {titel} and {name}", "{name} and {titel} are not placeholders"),
        ("question_body", "Dear {first name},", "“{first name}” is not a placeholder"),
        ("photo_subject", "A photo for {{title}}?", "“{{title}}” is not a placeholder"),
        ("published_body", "Live at {story_link", "“{story_link” is not a placeholder"),
        ("acknowledgment_body", "Dear {first_name}, thanks} {status_link}", "“thanks}”"),
        ("accept_body", "See {story_link}", "{story_link} is not a placeholder here."),
    ],
)
def test_a_template_with_an_unknown_placeholder_or_a_stray_brace_is_refused(
    callout, field, template, named
):
    setattr(callout, field, template)
    with pytest.raises(ValidationError) as refusal:
        callout.full_clean()
    [message] = refusal.value.message_dict[field]
    assert named in message
    assert "You can use {first_name}, {title}, {reference}" in message


@pytest.mark.django_db
def test_the_callout_form_names_the_unknown_placeholder_and_keeps_the_template(
    admin_client, callout
):
    url = f"/admin/snippets/callouts/callout/edit/{callout.pk}/"
    data = form_fields(admin_client.get(url), url)
    data["accept_body"] = "Dear {name}, we loved {title}."

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "{name} is not a placeholder here. You can use {first_name}, {title}" in (
        response.content.decode()
    )
    callout.refresh_from_db()
    assert callout.accept_body == DEFAULT_DECISIONS["accept"][1]

    data["accept_body"] = "Dear {first_name}, we loved {title} ({reference}): {status_link}"
    data["published_body"] = "{first_name}: {title} ({reference}) is live at {story_link}"
    assert admin_client.post(url, data).status_code == 302
    callout.refresh_from_db()
    assert callout.accept_body == data["accept_body"]


@pytest.mark.django_db
def test_the_deadline_note_has_a_place_in_the_body_but_not_in_the_subject(callout):
    callout.acknowledgment_body = "Dear {first_name},\n{deadline_note}\n{status_link}"
    callout.full_clean()
    callout.acknowledgment_subject = "{deadline_note}"
    with pytest.raises(ValidationError, match="The subject cannot use {deadline_note}"):
        callout.full_clean()
