"""`{% story_picture %}`: a story photo's `<picture>` in one of the page's sizes, cached.

The markup is cached by the image (its id, file, file hash and focal point), the picture's specs
and its attributes: a new file or focal point makes a new key, so a changed image never shows
stale markup, and an unchanged one skips Wagtail's rendition lookups and tag building.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from milepost.stories.renditions import PICTURES

register = template.Library()

MARKUP_TIMEOUT = 60 * 60 * 24 * 7


def picture_cache_key(image, kind: str, attrs: dict) -> str:
    parts = (
        image.pk,
        image.file.name,
        image.file_hash,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        PICTURES[kind],
        sorted(attrs.items()),
    )
    return "story-picture:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@register.simple_tag
def story_picture(image, kind: str, **attrs):
    """A `<picture>` of `image` as a "lead", "inline" or "card" photo, with these attributes."""
    if not image:
        return ""
    spec = PICTURES[kind]
    attrs = {"sizes": spec.sizes, **attrs}
    key = picture_cache_key(image, kind, attrs)
    markup = cache.get(key)
    if markup is None:
        renditions = get_renditions_or_not_found(image, spec.filters())
        markup = Picture(renditions, attrs).__html__()
        # A missing source file draws placeholders: keep those out, to retry next time.
        if all(rendition.file.name != "not-found" for rendition in renditions.values()):
            cache.set(key, markup, MARKUP_TIMEOUT)
    return mark_safe(markup)  # noqa: S308  (Wagtail built it with its attributes escaped)
