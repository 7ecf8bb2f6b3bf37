from django.core.management.base import BaseCommand, CommandError

from milepost.core.quoting import title_quoted
from milepost.photos.services import photos_clean


class Command(BaseCommand):
    help = (
        "Re-masters stored Wagtail images and editors' avatars that still carry metadata "
        "(EXIF, GPS...); idempotent. Files it cannot read are listed and left as they are."
    )

    def handle(self, *args, **options):
        result = photos_clean()
        for cleaned in result.images:
            self.stdout.write(
                f"Cleaned image {cleaned.image.pk} {title_quoted(cleaned.image.title)}: "
                f"{cleaned.old_name} → {cleaned.image.file.name}, "
                f"{cleaned.renditions_deleted} renditions deleted"
            )
        for profile in result.avatars:
            self.stdout.write(f"Cleaned the avatar of user {profile.user_id}")
        self.stdout.write(f"{len(result.images)} images cleaned.")
        self.stdout.write(f"{len(result.avatars)} avatars cleaned.")
        for failure in result.failed:
            self.stderr.write(f"Could not clean {failure.what}: {failure.reason}")
        if result.failed:
            raise CommandError(f"{len(result.failed)} files could not be cleaned (listed above).")
