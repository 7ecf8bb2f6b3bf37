"""Thin task triggers: the state lives in the database, and each task may safely run twice.

A task has the name of the service it runs.
"""

from django_tasks import task

from . import services
from .models import InboundMessage, InboundState


@task()
def inbound_message_process(inbound_message_id: int) -> str:
    # Only mail still waiting: a second run, or one after the sweep got there first, does nothing.
    message = InboundMessage.objects.filter(
        pk=inbound_message_id, state=InboundState.RECEIVED
    ).first()
    return services.inbound_message_process(message).outcome if message else ""


@task()
def intake_sweep() -> dict[str, int]:
    return services.intake_sweep()
