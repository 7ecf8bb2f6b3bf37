"""What the intake commands' options share."""

from django.core.management.base import CommandError

from milepost.callouts.models import Callout


def callout_from_option(slug: str) -> Callout:
    """The callout a --callout SLUG names, or an error listing the slugs there are."""
    try:
        return Callout.objects.get(slug=slug)
    except Callout.DoesNotExist:
        known = ", ".join(Callout.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"No callout with slug {slug!r} (known: {known}).") from None
