from django.core.management.base import BaseCommand, CommandError

from milepost.core.exceptions import DomainError
from milepost.core.quoting import title_quoted
from milepost.privacy.selectors import person_data_get
from milepost.privacy.services import KeptStory, person_data_erase_all


class Command(BaseCommand):
    help = "Erase everything held about one person; an audit stub with no personal data remains."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--keep-story",
            type=int,
            action="append",
            default=[],
            metavar="PAGE_ID",
            help="Keep this story (e.g. it is in a printed book); needs --reason.",
        )
        parser.add_argument("--reason", default="", help="Why the kept stories stay.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email, keep_story, reason, yes, **options):
        data = person_data_get(email)
        if data.is_empty:
            raise CommandError(f"Nothing is held about {data.email}.")
        self.stdout.write(f"This erases, for {data.email}:")
        for submission in data.submissions:
            self.stdout.write(f"  {submission} ({submission.photos.count()} photo(s))")
        self.stdout.write(f"  {len(data.inbound_messages)} email(s) as received")
        for story in data.stories:
            fate = "kept" if story.pk in keep_story else "unpublished and deleted"
            self.stdout.write(f"  story {story.pk} {title_quoted(story.title)}: {fate}")
        if not yes and input("Type 'erase' to go on: ").strip() != "erase":
            raise CommandError("Nothing was erased.")
        try:
            record = person_data_erase_all(
                email,
                actor_label="command",
                keep=tuple(KeptStory(page_id, reason) for page_id in keep_story),
            )
        except DomainError as refusal:
            raise CommandError(refusal.message) from refusal
        self.stdout.write(f"Erased. Audit record {record.pk}: {', '.join(record.references)}")
        for note in record.other:
            self.stdout.write(f"  {note}")
