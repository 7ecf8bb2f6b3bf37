"""`milepost intake_sweep`: finish what a crashed worker left (run it every few minutes)."""

from django.core.management.base import BaseCommand

from milepost.intake.services import intake_sweep


class Command(BaseCommand):
    help = "Process mail stored but never processed, and re-send missing acknowledgments."

    def handle(self, *args, **options):
        counts = intake_sweep()
        self.stdout.write(
            f"{counts['reprocessed']} messages reprocessed, "
            f"{counts['acknowledgments']} acknowledgments queued"
        )
