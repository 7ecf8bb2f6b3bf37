"""`milepost retry_mail`: process again the stored messages that failed."""

from django.core.management.base import BaseCommand

from milepost.intake import services


class Command(BaseCommand):
    help = "Process again the inbound messages that failed (they were kept as received)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these inbound message ids.")

    def handle(self, *args, ids, **options):
        results = services.inbound_messages_retry(ids=ids)
        for result in results:
            line = f"{result.outcome:<10} inbound message {result.inbound_message.pk}"
            self.stdout.write(f"{line}: {result.error}" if result.error else line)
        self.stdout.write(f"{len(results)} retried")
