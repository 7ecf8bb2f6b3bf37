"""Provider webhooks (Mailgun, Postmark, … through django-anymail) feed the one intake service.

Anymail has already checked the request's signature or shared secret before this runs; a bad
one gets HTTP 400 and never reaches here.
"""

from anymail.signals import inbound

from milepost.submissions.models import Channel

from .. import tasks
from ..models import InboundState
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
