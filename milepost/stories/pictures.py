"""A photo's `<picture>` markup and a story's share image, cached by what they are made from.

The key is made from the image (its id, file, file hash and focal point) and the spec: a new file
or focal point makes a new key, so nothing cached goes stale and nothing needs invalidating. A hit
reads no renditions at all, which is why pages do not prefetch them; a miss reads them (the
worker made them on publish) and stores the result.

A story's share image is its share card (`cards.py`), stored under a name made from the same
key plus its headline and byline: a new headline, byline or photo is a new file at a new
address, and the same ones find the file already made. Until the worker has made it, the lead
photo stands in.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found

from . import cards
from .renditions import PICTURES, SHARE, SHARE_CARD_PHOTO

TIMEOUT = 60 * 60 * 24 * 7
NOT_FOUND = "not-found"  # Wagtail's placeholder for a missing source file: never cached


@dataclass(frozen=True)
class ShareImage:
    """The lead photo as one JPEG: link previews, structured data and the feed's enclosure."""

    url: str
    width: int
    height: int
    size: int
    is_card: bool = False


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


# Raise it when the card's drawing changes: every story then gets a card drawn the new way.
CARD_VERSION = 1
CARD_FOLDER = "share-cards"


@dataclass(frozen=True)
class CardSource:
    """What a story's share card is made from; `folder` keeps one story's cards together."""

    folder: str
    headline: str
    byline: str
    site: str
    image: object | None

    @property
    def name(self) -> str:
        photo = _image_key(self.image) if self.image is not None else ""
        identity = (CARD_VERSION, self.headline, self.byline, self.site, photo)
        digest = hashlib.sha256(repr(identity).encode()).hexdigest()[:32]
        return f"{CARD_FOLDER}/{self.folder}/{digest}.jpg"


def share_card_get(source: CardSource) -> ShareImage | None:
    """The story's share card once it is made; until then its lead photo's share image."""
    key = "share-card:" + source.name
    card = cache.get(key)
    if card is None and default_storage.exists(source.name):
        card = _card_image(source.name)
        cache.set(key, card, TIMEOUT)
    if card is None:
        return share_image(source.image) if source.image is not None else None
    return card


def _card_image(name: str) -> ShareImage:
    size = default_storage.size(name)
    return ShareImage(default_storage.url(name), cards.WIDTH, cards.HEIGHT, size, is_card=True)


def _card_photo(image):
    """The photo's part of the card, cropped around its focal point by Wagtail."""
    rendition = get_rendition_or_not_found(image, SHARE_CARD_PHOTO)
    if rendition.file.name == NOT_FOUND:
        return None
    with rendition.file.open("rb") as stored:
        photo = Image.open(stored)
        photo.load()
    return photo


def share_card_make(source: CardSource) -> tuple[ShareImage, bool]:
    """The card, drawn and stored unless it is there already (the second value says whether it
    was); the story's older cards go."""
    drawn = not default_storage.exists(source.name)
    if drawn:
        photo = _card_photo(source.image) if source.image is not None else None
        jpeg = cards.share_card_draw(
            headline=source.headline, byline=source.byline, site=source.site, photo=photo
        )
        default_storage.save(source.name, ContentFile(jpeg))
    share_cards_delete(source.folder, keep=source.name)
    return _card_image(source.name), drawn


def share_cards_delete(folder: str, keep: str = "") -> int:
    """Delete a story's cards (but `keep`): a new headline's, or the story's going."""
    path = f"{CARD_FOLDER}/{folder}"
    try:
        names = default_storage.listdir(path)[1]
    except FileNotFoundError:
        return 0
    gone = [f"{path}/{name}" for name in names if f"{path}/{name}" != keep]
    for name in gone:
        default_storage.delete(name)
    # Republished as it was, the story's card is drawn again under the same name.
    cache.delete_many([f"share-card:{name}" for name in gone])
    return len(gone)
