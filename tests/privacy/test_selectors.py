"""Finding a person: by address in any case, unrouted mail too, and what other apps add."""

import pytest

from milepost.core.personal_data import PersonRecord, person_data_collect, person_data_erase
from milepost.intake.models import InboundMessage
from milepost.intake.services import inbound_message_receive
from milepost.privacy.exports import person_data_json
from milepost.privacy.selectors import person_data_get
from milepost.privacy.services import person_data_erase_all
from tests.privacy.conftest import EMAIL

pytestmark = pytest.mark.django_db


def test_a_person_is_found_in_any_case_with_their_unrouted_mail(person):
    data = person_data_get(f"  {EMAIL.upper()} ")
    assert [s.pk for s in data.submissions] == [person.pk]
    assert {m.subject for m in data.inbound_messages} == {
        "hello?",
        "Most Important Mile: The harbour wall",
    }
    assert [story.pk for story in data.stories] == [person.story.pk]
    assert person_data_get("someone.else@example.org").is_empty


def test_another_app_adds_what_it_holds_and_erases_it(person):
    held = {EMAIL: ["Anthology entry 7"]}

    def collect(sender, email, **kwargs):
        return [PersonRecord("anthology entry", label) for label in held.get(email, [])]

    def erase(sender, email, submission_ids, **kwargs):
        assert submission_ids == [person.pk]
        return f"{len(held.pop(email, []))} anthology entry"

    person_data_collect.connect(collect, dispatch_uid="test-collect")
    person_data_erase.connect(erase, dispatch_uid="test-erase")
    try:
        data = person_data_get(EMAIL)
        assert [r.label for r in data.other] == ["Anthology entry 7"]
        assert person_data_json(data)["other"] == [
            {"kind": "anthology entry", "label": "Anthology entry 7"}
        ]
        record = person_data_erase_all(EMAIL)
    finally:
        person_data_collect.disconnect(dispatch_uid="test-collect")
        person_data_erase.disconnect(dispatch_uid="test-erase")
    assert record.other == ["1 anthology entry"] and held == {}


FROM_FORMS = [
    "jane@example.com (Jane Doe)",
    '"Doe, Jane" <JANE@Example.com>',
    "=?utf-8?q?Jos=C3=A9_Doe?= <jane@example.com>",
    "jane@example.com, bob@example.net",
    "undisclosed-recipients:;, jane@example.com (Jane)",
]
NOT_JANE = ["notjane@example.com", "Jane <jane@example.com.evil.example>"]


def mail_from(sender: str, number: int) -> bytes:
    headers = f"From: {sender}\r\nTo: nobody@milepost.example\r\nSubject: mail {number}\r\n"
    return f"{headers}Message-ID: <{number}@example.com>\r\n\r\nHello?\r\n".encode()


def test_mail_is_found_exported_and_erased_whatever_way_from_names_the_address(story_index):
    for number, sender in enumerate([*FROM_FORMS, *NOT_JANE]):
        inbound_message_receive(mail_from(sender, number), channel="import")
    janes = {f"mail {number}" for number in range(len(FROM_FORMS))}

    data = person_data_get("Jane@Example.com")
    assert {m.subject for m in data.inbound_messages} == janes
    assert {m["subject"] for m in person_data_json(data)["raw_emails"]} == janes

    person_data_erase_all("jane@example.com")
    assert set(InboundMessage.objects.values_list("subject", flat=True)) == {
        f"mail {number}" for number in range(len(FROM_FORMS), len(FROM_FORMS) + len(NOT_JANE))
    }
