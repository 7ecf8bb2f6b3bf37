"""`milepost load_demo`: the "Most Important Mile" callout with stories, and an editor login."""

from django.core.management.base import BaseCommand, CommandError

from milepost.core.exceptions import DomainError
from milepost.demo import services


class Command(BaseCommand):
    help = (
        'Load demo content: the "Most Important Mile" callout, its page, published stories '
        "and an editor account. Running it again changes nothing that is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the site has any story."
        )

    def handle(self, *args, if_empty, verbosity, **options):
        try:
            report = services.demo_content_load(if_empty=if_empty)
        except DomainError as error:
            raise CommandError(error.message) from error
        if verbosity < 1:
            return
        for action, what in report.actions:
            self.stdout.write(f"{action:8} {what}")
        self._write_login(report.login)

    def _write_login(self, login):
        if login is None:
            self.stdout.write(
                f"Editor login: none saved in {services.demo_editor_login_path_get()}; "
                "an existing account keeps its password."
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Editor login: {login.username} / {login.password}"))
        self.stdout.write(f"(saved in {services.demo_editor_login_path_get()})")
