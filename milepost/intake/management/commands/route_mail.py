"""`milepost route_mail ID... --callout SLUG`: give stored unrouted mail its callout."""

from django.core.management.base import BaseCommand, CommandError

from milepost.intake import services
from milepost.intake.management.options import callout_from_option
from milepost.intake.models import InboundMessage


class Command(BaseCommand):
    help = (
        "Make the submissions that stored unrouted (or failed) inbound messages should have "
        "had, for the callout named. Messages that already have one are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", type=int, metavar="ID", help="Inbound message ids.")
        parser.add_argument("--callout", required=True, metavar="SLUG")

    def handle(self, *args, ids, callout, **options):
        callout = callout_from_option(callout)
        messages = InboundMessage.objects.in_bulk(ids)
        missing = sorted(set(ids) - set(messages))
        if missing:
            raise CommandError(f"No inbound message with id {', '.join(map(str, missing))}.")
        for pk in ids:
            result = services.inbound_message_route(
                messages[pk], callout, actor_label="milepost route_mail"
            )
            self.stdout.write(_result_line(pk, result))


def _result_line(pk: int, result) -> str:
    line = f"{result.outcome:<10} inbound message {pk}"
    if result.submission:
        line += f" -> {result.submission.reference}"
    return f"{line}: {result.error}" if result.error else line
