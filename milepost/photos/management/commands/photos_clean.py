from django.core.management.base import BaseCommand

from milepost.photos.services import images_clean


class Command(BaseCommand):
    help = "Re-masters stored Wagtail images that still carry metadata (EXIF, GPS...); idempotent."

    def handle(self, *args, **options):
        cleaned = images_clean()
        for result in cleaned:
            self.stdout.write(
                f"Cleaned image {result.image.pk} “{result.image.title}”: "
                f"{result.old_name} → {result.image.file.name}, "
                f"{result.renditions_deleted} renditions deleted"
            )
        self.stdout.write(f"{len(cleaned)} images cleaned.")
