"""Provider webhooks (Mailgun, Postmark, … through django-anymail) feed the one intake service.

Anymail has already checked the request's signature or shared secret before this runs; a bad
one gets HTTP 400 and never reaches here.
"""

import json
import time
from datetime import timedelta

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.signals import inbound, tracking
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from milepost.submissions.models import Channel, SuppressionReason
from milepost.submissions.services import suppressed_address_add

from .. import tasks
from ..models import InboundState, WebhookToken
from ..services import inbound_message_store


def inbound_webhook_received(sender, event, esp_name, **kwargs):
    # Only stored here, so the provider gets its answer at once; the task queue does the rest.
    # An exception makes anymail answer 500, so the provider retries; the stored raw bytes
    # make the retry a duplicate rather than a second submission.
    message, _ = inbound_message_store(
        event.message.as_bytes(), channel=Channel.WEBHOOK, source=f"webhook:{esp_name}"
    )
    if message.state == InboundState.RECEIVED:
        tasks.inbound_message_process.enqueue(message.pk)


inbound.connect(inbound_webhook_received, dispatch_uid="milepost-inbound-webhook")


# Provider events that mean: never write to this address again.
_SUPPRESSING_EVENTS = {
    "bounced": SuppressionReason.BOUNCE,
    "rejected": SuppressionReason.BOUNCE,
    "complained": SuppressionReason.COMPLAINT,
}


def tracking_webhook_received(sender, event, esp_name, **kwargs):
    reason = _SUPPRESSING_EVENTS.get(event.event_type)
    if reason and event.recipient:
        detail = f"{esp_name}: {event.description or event.reject_reason or event.event_type}"
        suppressed_address_add(event.recipient, reason=reason, detail=detail)


tracking.connect(tracking_webhook_received, dispatch_uid="milepost-tracking-webhook")


def webhook_replay_refuse(provider: str, request) -> None:
    """Refuse a signed post that is stale or was seen before (raises a validation failure).

    Runs after the provider's signature is checked, so only genuine tokens are remembered.
    Mailgun signs a timestamp and a one-time token; other providers sign no such pair, and
    the stored raw bytes already make their repeats duplicates.
    """
    if provider != "mailgun":
        return
    timestamp, token = _mailgun_signature(request)
    max_age = settings.MILEPOST_WEBHOOK_MAX_AGE_SECONDS
    if abs(time.time() - float(timestamp)) > max_age:
        raise AnymailWebhookValidationFailure("Webhook timestamp is too old (or in the future).")
    now = timezone.now()
    # Tokens only need remembering while their timestamp would still pass.
    WebhookToken.objects.filter(seen_at__lt=now - timedelta(seconds=2 * max_age)).delete()
    try:
        with transaction.atomic():
            WebhookToken.objects.create(provider=provider, token=token[:200], seen_at=now)
    except IntegrityError:
        raise AnymailWebhookValidationFailure("Webhook token was already used.") from None


def _mailgun_signature(request) -> tuple[str, str]:
    if request.content_type == "application/json":
        block = json.loads(request.body)["signature"]
        return block["timestamp"], block["token"]
    return request.POST["timestamp"], request.POST["token"]
