"""A photo's `<picture>` markup and its share image, cached by what they are made from.

The key is made from the image (its id, file, file hash and focal point) and the spec: a new file
or focal point makes a new key, so nothing cached goes stale and nothing needs invalidating. A hit
reads no renditions at all, which is why pages do not prefetch them; a miss reads them (the
worker made them on publish) and stores the result.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found

from .renditions import PICTURES, SHARE

TIMEOUT = 60 * 60 * 24 * 7
NOT_FOUND = "not-found"  # Wagtail's placeholder for a missing source file: never cached


@dataclass(frozen=True)
class ShareImage:
    """The lead photo as one JPEG: link previews, structured data and the feed's enclosure."""

    url: str
    width: int
    height: int
    size: int


def _image_key(image, *parts) -> str:
    identity = (
        image.pk,
        image.file.name,
        image.file_hash,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        *parts,
    )
    return "story-picture:" + hashlib.sha256(repr(identity).encode()).hexdigest()


def picture_markup(image, kind: str, attrs: dict) -> str:
    """A `<picture>` of `image` as a "lead", "inline" or "card" photo, with these attributes."""
    spec = PICTURES[kind]
    attrs = {"sizes": spec.sizes, **attrs}
    key = _image_key(image, spec, sorted(attrs.items()))
    markup = cache.get(key)
    if markup is None:
        renditions = get_renditions_or_not_found(image, spec.filters())
        markup = Picture(renditions, attrs).__html__()
        if all(rendition.file.name != NOT_FOUND for rendition in renditions.values()):
            cache.set(key, markup, TIMEOUT)
    return markup


def share_image(image) -> ShareImage | None:
    """The share JPEG of `image`; None when its source file is missing."""
    key = _image_key(image, SHARE)
    shared = cache.get(key)
    if shared is None:
        rendition = get_rendition_or_not_found(image, SHARE)
        if rendition.file.name == NOT_FOUND:
            return None
        shared = ShareImage(rendition.url, rendition.width, rendition.height, rendition.file.size)
        cache.set(key, shared, TIMEOUT)
    return shared
