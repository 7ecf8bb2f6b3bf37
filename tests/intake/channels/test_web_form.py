"""The web form channel: a reader on a callout's page sends a story, with photos and consents."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from milepost.callouts.models import Callout, LatePolicy
from milepost.core.http import client_address
from milepost.intake.channels.rate_limit import Rate
from milepost.submissions.forms import CONSENT_WORDING
from milepost.submissions.models import (
    Channel,
    CheckCode,
    EventAction,
    Submission,
    SubmissionStatus,
)
from tests.factories import jpeg_bytes, story_create, story_index_create
from tests.photos.images import heic_with_exif, pdf, png_claiming_size
from tests.submissions.stories import KATE_STORY

pytestmark = pytest.mark.django_db

WEB_WORDING = CONSENT_WORDING["web"].format(site="Milepost")
BOOK_WORDING = CONSENT_WORDING["book"].format(site="Milepost")
PHOTO_WORDING = CONSENT_WORDING["photo"]
STORY = "The hill on Pine Street was the mile that made me a runner again."


def form_url(story_index) -> str:
    return f"{story_index.url}submit/"


def fields(**overrides) -> dict:
    data = {
        "name": "Jane Doe",
        "email": "jane@example.com",
        "age": "32",
        "city": "St. Louis",
        "region": "MO",
        "title": "The hill on Pine Street",
        "story": STORY,
        "consent_web": "on",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def photo(name="hill.jpg", data=None, caption="At the top, at last.", slot=1) -> dict:
    upload = SimpleUploadedFile(name, jpeg_bytes() if data is None else data, "image/jpeg")
    return {f"photo_{slot}": upload, f"caption_{slot}": caption, "consent_photo": "on"}


def send(client, story_index, data, **extra):
    return client.post(form_url(story_index), data, **extra)


def page_text(response) -> str:
    return unescape(response.content.decode())


def field_value(response, name: str) -> str:
    html = response.content.decode()
    match = re.search(rf'<input[^>]* name="{name}"[^>]*value="([^"]*)"', html)
    return unescape(match.group(1)) if match else ""


def textarea_value(response, name: str = "story") -> str:
    html = response.content.decode()
    match = re.search(rf'<textarea[^>]* name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return unescape(match.group(1)) if match else ""


def assert_refused_keeping_input(response, status=200):
    assert response.status_code == status
    assert not Submission.objects.exists()
    assert field_value(response, "name") == "Jane Doe"
    assert field_value(response, "email") == "jane@example.com"
    assert field_value(response, "city") == "St. Louis"
    assert textarea_value(response).startswith("The hill on Pine Street")


# Finding the form


def test_callout_page_and_story_pages_link_to_the_form(client, story_index):
    story = story_create(story_index)
    for url in (story_index.url, story.url):
        html = client.get(url).content.decode()
        assert f'<a href="{form_url(story_index)}">Or send it with our web form</a>' in html


def test_a_closed_callout_links_to_no_form(client, story_index):
    story = story_create(story_index)
    story_index.callout.is_open = False
    story_index.callout.save()
    for url in (story_index.url, story.url):
        html = client.get(url).content.decode()
        assert form_url(story_index) not in html
        assert "This callout is closed to new stories." in html


def test_form_page_is_accessible_and_works_without_javascript(client, story_index):
    response = client.get(form_url(story_index))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    # Every field that people see has its own label.
    for input_id in re.findall(r'<(?:input|textarea)[^>]* id="(id_[a-z_0-9]+)"', html):
        assert f'for="{input_id}"' in html, input_id
    assert 'name="name" autocomplete="name"' in html
    assert 'autocomplete="email"' in html and 'type="email"' in html
    assert 'autocomplete="address-level2"' in html
    assert 'autocomplete="address-level1"' in html
    assert 'inputmode="numeric"' in html
    assert html.count('accept="image/*"') == 3
    assert html.count('name="caption_') == 3
    assert 'aria-describedby="id_email_helptext"' in html
    assert "Please keep it under 300 words." in html
    assert re.search(r'<script src="[^"]*wordcount\.js" defer>', html)
    assert 'aria-live="polite"' in html and ">0 words</p>" in html
    for wording in (WEB_WORDING, BOOK_WORDING, PHOTO_WORDING):
        assert wording in unescape(html)


def test_the_honeypot_is_hidden_from_people_autofill_and_the_tab_order(client, story_index):
    html = client.get(form_url(story_index)).content.decode()
    trap = re.search(r'<div class="field visually-hidden">(.*?)</div>', html, re.S).group(1)
    assert "Leave this field empty" in trap
    assert 'name="homepage_url"' in trap
    assert 'autocomplete="off"' in trap and 'tabindex="-1"' in trap


# Sending a story


def test_a_story_with_a_photo_is_stored_acknowledged_and_shown(
    client, story_index, django_capture_on_commit_callbacks
):
    data = fields(consent_book="on") | photo(data=jpeg_bytes(2400, 1600))  # print-ready
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, story_index, data)

    submission = Submission.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"{submission.get_status_url()}?sent=1"
    assert submission.channel == Channel.WEB
    assert submission.callout == story_index.callout
    assert (submission.submitter_name, submission.submitter_email) == (
        "Jane Doe",
        "jane@example.com",
    )
    assert (submission.submitter_age, submission.submitter_city) == (32, "St. Louis")
    assert submission.submitter_region == "MO"
    assert (submission.title, submission.story_text) == ("The hill on Pine Street", STORY)
    assert not submission.arrived_late
    stored = submission.photos.get()
    assert (stored.original_filename, stored.caption) == ("hill.jpg", "At the top, at last.")
    assert stored.original_format == "jpeg"
    consents = dict(submission.consents.values_list("kind", "wording"))
    assert consents == {"web": WEB_WORDING, "book": BOOK_WORDING, "photo": PHOTO_WORDING}
    assert not submission.checks.exists()

    [acknowledgment] = mail.outbox
    assert acknowledgment.to == ["jane@example.com"]
    assert submission.get_status_url() in acknowledgment.body
    thanks = page_text(client.get(response["Location"]))
    assert "Thank you — we have your story." in thanks
    assert submission.reference in thanks


def test_the_sites_own_address_typed_in_the_form_is_flagged_not_written_to(
    client, story_index, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = "Milepost <stories@milepost.example>"
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, story_index, fields(email="Stories@Milepost.example"))

    assert response.status_code == 303
    check = Submission.objects.get().checks.get(code=CheckCode.SENT_FROM_OUR_ADDRESS)
    assert check.message == (
        "Sent from the site's own address (Stories@Milepost.example), "
        "so no acknowledgment was sent to it."
    )
    assert mail.outbox == []


def test_three_photos_keep_their_order_and_captions(client, story_index):
    data = fields()
    for slot, colour in zip((1, 2, 3), ((200, 0, 0), (0, 200, 0), (0, 0, 200)), strict=True):
        image = jpeg_bytes(colour=colour)
        data |= photo(f"photo{slot}.jpg", image, caption=f"Caption {slot}", slot=slot)
    assert send(client, story_index, data).status_code == 303
    photos = Submission.objects.get().photos.all()
    assert [(p.original_filename, p.caption) for p in photos] == [
        ("photo1.jpg", "Caption 1"),
        ("photo2.jpg", "Caption 2"),
        ("photo3.jpg", "Caption 3"),
    ]


def test_a_story_without_a_photo_is_taken_and_flagged(client, story_index):
    response = send(client, story_index, fields())
    assert response.status_code == 303
    submission = Submission.objects.get()
    assert list(submission.checks.values_list("code", flat=True)) == [CheckCode.MISSING_PHOTO]
    assert list(submission.consents.values_list("kind", flat=True)) == ["web"]


def test_a_heic_photo_from_a_phone_is_taken(client, story_index):
    response = send(client, story_index, fields() | photo("IMG_0042.HEIC", heic_with_exif()))
    assert response.status_code == 303
    stored = Submission.objects.get().photos.get()
    assert (stored.original_format, stored.master_format) == ("heic", "jpeg")
    assert not stored.has_metadata


def test_unicode_and_emoji_are_kept_exactly(client, story_index):
    story = "Ça m’a changé 🏃‍♀️ — 東京マラソンの最後の1マイル。\n\nZweiter Absatz: „schön“."
    data = fields(name="Zoë Ñúñez 😀", city="Zürich", title="Mein 🏅 Lauf", story=story)
    assert send(client, story_index, data).status_code == 303
    submission = Submission.objects.get()
    assert submission.submitter_name == "Zoë Ñúñez 😀"
    assert submission.submitter_city == "Zürich"
    assert submission.title == "Mein 🏅 Lauf"
    assert submission.story_text == story


def test_line_breaks_from_the_browser_are_stored_as_plain_newlines(client, story_index):
    assert send(client, story_index, fields(story="One.\r\n\r\nTwo.")).status_code == 303
    assert Submission.objects.get().story_text == "One.\n\nTwo."


def test_what_people_type_is_escaped_on_the_status_page(client, story_index):
    attack = '<script>alert("x")</script>'
    data = fields(name=attack, title=attack, story=f'{attack} <img src=x onerror="alert(1)">')
    response = send(client, story_index, data)
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# Word limits


def test_over_the_soft_limit_is_taken_and_flagged(client, story_index):
    story_index.callout.soft_word_limit = 5
    story_index.callout.save()
    assert send(client, story_index, fields()).status_code == 303
    codes = set(Submission.objects.get().checks.values_list("code", flat=True))
    assert CheckCode.OVER_WORD_LIMIT in codes


def test_the_counter_gently_notes_the_soft_limit_when_the_form_comes_back(client, story_index):
    story_index.callout.soft_word_limit = 5
    story_index.callout.save()
    response = send(client, story_index, fields(email=""))
    assert response.status_code == 200
    assert "That is 14 words; we ask for under 5, but we will still read it." in page_text(response)


def test_over_the_hard_limit_is_refused_saying_the_count_and_limit(client, story_index):
    story_index.callout.hard_word_limit = 10
    story_index.callout.save()
    response = send(client, story_index, fields())
    assert_refused_keeping_input(response)
    assert textarea_value(response) == STORY
    text = page_text(response)
    assert "Your story is 14 words; the most we can take for this callout is 10." in text
    assert 'href="#id_story"' in response.content.decode()
    assert 'aria-describedby="id_story_helptext id_story_error"' in response.content.decode()


def test_a_299_word_story_is_299_words_against_a_300_word_limit(client, story_index):
    story_index.callout.soft_word_limit = story_index.callout.hard_word_limit = 300
    story_index.callout.save()

    response = send(client, story_index, fields(story=KATE_STORY, email=""))
    assert "299 words" in page_text(response)  # the counter, when the form comes back
    assert send(client, story_index, fields(story=KATE_STORY)).status_code == 303

    submission = Submission.objects.get()
    assert submission.word_count == 299
    assert not submission.checks.filter(code=CheckCode.OVER_WORD_LIMIT).exists()


# Photos that cannot be used


def test_a_pdf_named_like_a_photo_gets_an_error_on_its_slot(client, story_index):
    response = send(client, story_index, fields() | photo("hill.jpg", pdf(), slot=2))
    assert_refused_keeping_input(response)
    html = response.content.decode()
    error = re.search(r'<ul class="errorlist" id="id_photo_2_error">(.*?)</ul>', html, re.S)
    assert "“hill.jpg” can’t be used: not an image (looks like a PDF)." in error.group(1)
    assert field_value(response, "caption_2") == "At the top, at last."
    assert 'href="#id_photo_2"' in html


def test_a_decompression_bomb_is_refused(client, story_index):
    bomb = png_claiming_size(50_000, 50_000)
    response = send(client, story_index, fields() | photo("huge.png", bomb))
    assert_refused_keeping_input(response)
    assert "over the 64-megapixel limit" in page_text(response)


def test_an_oversized_upload_gets_a_friendly_error_not_a_crash(client, story_index):
    big = b"\xff\xd8\xff\xe0" + bytes(30 * 1024 * 1024)
    response = send(client, story_index, fields() | photo("big.jpg", big))
    assert_refused_keeping_input(response)
    assert "“big.jpg” can’t be used: it is 30.0\xa0MB, over the 25.0\xa0MB limit." in page_text(
        response
    )


def test_a_good_photo_must_be_chosen_again_when_the_form_comes_back(client, story_index):
    response = send(client, story_index, fields(email="") | photo("hill.jpg"))
    assert response.status_code == 200
    assert "You had chosen “hill.jpg”. Please choose it again" in page_text(response)
    assert field_value(response, "caption_1") == "At the top, at last."


def test_a_caption_without_its_photo_asks_for_the_photo_again(client, story_index):
    response = send(client, story_index, fields(caption_1="At the top, at last."))
    assert_refused_keeping_input(response)
    assert "This caption has no photo with it: please choose photo 1 again" in page_text(response)


# Consents


def test_a_photo_needs_the_photo_permission(client, story_index):
    data = fields() | photo()
    del data["consent_photo"]
    response = send(client, story_index, data)
    assert_refused_keeping_input(response)
    assert "Please tick this box to send us your photo." in page_text(response)


def test_web_publication_consent_is_required(client, story_index):
    response = send(client, story_index, fields(consent_web=None))
    assert_refused_keeping_input(response)
    assert "We can only consider stories we may publish" in page_text(response)


# The submitter's details


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Please give us your email address, so we can send you your link."),
        ("jane.example.com", "Please check your email address"),
        ("jane@", "Please check your email address"),
    ],
)
def test_email_is_required_and_checked(client, story_index, email, message):
    response = send(client, story_index, fields(email=email))
    assert response.status_code == 200
    assert not Submission.objects.exists()
    html = response.content.decode()
    assert message in page_text(response)
    assert re.search(r'<a href="#id_email">[^<]*</a>', html)
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert field_value(response, "name") == "Jane Doe"


def test_name_and_story_are_required(client, story_index):
    response = send(client, story_index, fields(name="", story="   "))
    text = page_text(response)
    assert response.status_code == 200
    assert "Please tell us your name." in text
    assert "Please write your story here, or paste it in." in text
    assert "Please check these things" in text


@pytest.mark.parametrize("age", ["forty", "4", "121", "3.5"])
def test_a_bad_age_is_explained(client, story_index, age):
    response = send(client, story_index, fields(age=age))
    assert_refused_keeping_input(response)
    assert "Please write your age as a number between 5 and 120" in page_text(response)
    assert field_value(response, "age") == age


def test_age_may_be_left_out(client, story_index):
    assert send(client, story_index, fields(age="")).status_code == 303
    assert Submission.objects.get().submitter_age is None


# How to be named


def test_the_form_asks_how_to_be_named_full_name_first(client, story_index):
    html = client.get(form_url(story_index)).content.decode()
    assert "How should we name you with your story?" in unescape(html)
    assert re.search(r'<input[^>]*value="full_name"[^>]*checked', html)
    for value in ("first_name_and_place", "initials", "anonymous"):
        assert f'value="{value}"' in html


def test_the_choice_is_stored_with_the_submission(client, story_index):
    assert send(client, story_index, fields(naming="first_name_and_place")).status_code == 303
    assert Submission.objects.get().naming == "first_name_and_place"


def test_a_form_without_the_choice_names_them_in_full_as_before(client, story_index):
    assert send(client, story_index, fields()).status_code == 303
    assert Submission.objects.get().naming == "full_name"


def test_an_unknown_choice_is_explained_and_nothing_is_lost(client, story_index):
    response = send(client, story_index, fields(naming="surname_only"))
    assert_refused_keeping_input(response)
    assert "Please choose one of the ways to be named shown here." in page_text(response)


# Abuse


def test_a_filled_honeypot_sends_nothing_and_keeps_the_input(client, story_index):
    response = send(client, story_index, fields(homepage_url="http://spam.example"))
    assert_refused_keeping_input(response)
    html = response.content.decode()
    assert "it is there to catch spam robots" in page_text(response)
    # Shown now, so a person whose browser filled it in can empty it.
    assert '<div class="field visually-hidden">' not in html


def test_too_many_stories_from_one_address_are_refused_keeping_the_input(
    client, story_index, settings
):
    settings.MILEPOST_WEB_FORM_RATE = "2/h"
    for _ in range(2):
        assert send(client, story_index, fields()).status_code == 303
    response = send(client, story_index, fields(), HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    assert Submission.objects.count() == 2
    assert "Please try again in an hour" in page_text(response)
    assert field_value(response, "name") == "Jane Doe"
    assert field_value(response, "city") == "St. Louis"
    assert textarea_value(response) == STORY
    assert re.search(r'<input type="checkbox" name="consent_web"[^>]* checked', page_text(response))
    other = send(client, story_index, fields(), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 303


def test_failed_attempts_count_against_the_limit(client, story_index, settings):
    settings.MILEPOST_WEB_FORM_RATE = "2/h"
    for _ in range(2):
        assert send(client, story_index, fields(email="")).status_code == 200
    assert send(client, story_index, fields()).status_code == 429
    assert not Submission.objects.exists()


def test_the_forwarded_address_counts_only_when_the_proxy_is_trusted(rf, settings):
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_address(request) == "10.0.0.1"
    settings.MILEPOST_TRUST_X_FORWARDED_FOR = True
    assert client_address(request) == "198.51.100.7"


def test_rates_read_like_five_per_hour():
    assert Rate.parse("5/h") == Rate(5, 3600)
    assert Rate.parse("20/m") == Rate(20, 60)
    assert Rate.parse("100/day") == Rate(100, 86400)


def test_csrf_is_enforced(story_index):
    client = Client(enforce_csrf_checks=True)
    refused = send(client, story_index, fields())
    assert refused.status_code == 403
    assert "Please send that again" in refused.content.decode()
    client.get(form_url(story_index))
    token = client.cookies["csrftoken"].value
    response = send(client, story_index, fields(csrfmiddlewaretoken=token))
    assert response.status_code == 303
    assert Submission.objects.count() == 1


# A closed callout


def test_a_closed_callout_says_so_and_shows_no_form(client, story_index):
    story_index.callout.is_open = False
    story_index.callout.save()
    response = client.get(form_url(story_index))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This callout is closed to new stories" in html
    assert '<form class="submit-form"' not in html
    assert "wordcount.js" not in html


def test_a_closed_callout_offers_the_callouts_open_now(client, story_index, home_page):
    first = story_index_create(home_page, title="First Mile", slug="first-mile")
    last = story_index_create(home_page, title="Last Mile", slug="last-mile")
    Callout.objects.filter(pk=last.callout.pk).update(is_open=False)
    Callout.objects.filter(pk=story_index.callout.pk).update(
        closes_at=timezone.now() - timedelta(hours=1)
    )
    for response in (client.get(form_url(story_index)), send(client, story_index, {})):
        text = page_text(response)
        assert "<strong>This callout is closed to new stories.</strong> Closed on" in text
        assert f'<a href="{first.url}">First Mile</a>' in text
        assert "Last Mile" not in text
    assert not Submission.objects.exists()


def test_before_the_opening_the_form_says_when_it_opens(client, story_index):
    opens_at = timezone.now() + timedelta(days=3)
    Callout.objects.filter(pk=story_index.callout.pk).update(opens_at=opens_at)
    text = page_text(client.get(form_url(story_index)))
    assert "<strong>This callout is not open yet.</strong> Opens on" in text
    assert "This callout is closed" not in text
    assert '<form class="submit-form"' not in text


def late_send(client, story_index, capture, *, policy):
    Callout.objects.filter(pk=story_index.callout.pk).update(
        closes_at=timezone.now() - timedelta(minutes=5), late_policy=policy
    )
    with capture(execute=True):
        response = send(client, story_index, fields() | photo())
    assert response.status_code == 303
    submission = Submission.objects.get()
    assert response["Location"] == f"{submission.get_status_url()}?sent=1"
    assert submission.arrived_late and submission.story_text == STORY
    assert submission.photos.count() == 1
    return submission


def test_a_story_posted_after_the_close_is_kept_flagged_and_acknowledged_as_late(
    client, story_index, django_capture_on_commit_callbacks
):
    submission = late_send(
        client, story_index, django_capture_on_commit_callbacks, policy=LatePolicy.ACCEPT
    )
    assert submission.status == SubmissionStatus.RECEIVED
    [acknowledgment] = mail.outbox
    body = " ".join(acknowledgment.body.split())
    assert (
        "Your story reached us after the deadline for Most Important Mile, which closed on" in body
    )
    assert "We have kept it, and our editors will read it with the others." in body


def test_a_callout_that_declines_late_stories_keeps_thanks_and_declines_once(
    client, story_index, django_capture_on_commit_callbacks
):
    submission = late_send(
        client, story_index, django_capture_on_commit_callbacks, policy=LatePolicy.DECLINE
    )
    assert submission.status == SubmissionStatus.DECLINED
    declined = submission.events.get(action=EventAction.DECLINED)
    assert declined.actor_label == "the callout’s deadline"
    assert "arrived after the deadline" in declined.detail
    [acknowledgment] = mail.outbox  # the thank-you says it all: no decline email besides
    body = " ".join(acknowledgment.body.split())
    assert "so we are not able to consider it this time. Thank you, warmly" in body
    assert not submission.emails.exists()


def test_a_late_story_with_a_mistake_is_shown_again_with_the_closed_notice(client, story_index):
    Callout.objects.filter(pk=story_index.callout.pk).update(is_open=False)
    response = send(client, story_index, fields(name=""))
    text = page_text(response)
    assert response.status_code == 200 and not Submission.objects.exists()
    assert "This callout is closed to new stories." in text
    assert "you can still send it below: we will keep it, marked as after the deadline" in text
    assert "Please tell us your name." in text
    assert textarea_value(response) == STORY


def test_stories_over_the_limit_per_address_are_kept_flagged_and_told_so(
    client, story_index, django_capture_on_commit_callbacks
):
    Callout.objects.filter(pk=story_index.callout.pk).update(submissions_per_address=1)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, story_index, fields())
        send(client, story_index, fields(email="JANE@example.com", story="Another mile."))
    first, second = Submission.objects.order_by("pk")
    assert not first.checks.filter(code=CheckCode.OVER_ADDRESS_LIMIT).exists()
    check = second.checks.get(code=CheckCode.OVER_ADDRESS_LIMIT)
    assert check.code == CheckCode.OVER_ADDRESS_LIMIT
    assert check.message == "Story 2 from JANE@example.com; the callout takes 1 per address."
    first_ack, second_ack = mail.outbox
    assert "over the limit" not in first_ack.body
    body = " ".join(second_ack.body.split())
    assert "Most Important Mile takes up to 1 story from each person" in body
    assert "We have kept this one too" in body


def test_every_error_shows_at_once_photos_and_fields_alike(client, story_index):
    data = fields(name="", consent_web=None) | photo("hill.jpg", pdf())
    del data["consent_photo"]
    response = send(client, story_index, data)
    assert response.status_code == 200 and not Submission.objects.exists()
    text = page_text(response)
    assert "Please tell us your name." in text
    assert "We can only consider stories we may publish: please tick this box." in text
    assert "Please tick this box to send us your photo." in text
    assert "“hill.jpg” can’t be used: not an image (looks like a PDF)." in text
    assert field_value(response, "email") == "jane@example.com"
    assert field_value(response, "caption_1") == "At the top, at last."
    assert textarea_value(response).startswith("The hill on Pine Street")
