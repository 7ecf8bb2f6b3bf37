"""The image sizes and formats the public pages use, defined once.

The templates draw pictures through `{% story_picture %}` with these specs, and the worker makes
the same renditions ahead of time (`services.story_renditions_generate`), so a reader's request
finds every rendition made and the two lists cannot drift apart.
"""

from dataclasses import dataclass

from wagtail.images.models import Filter


@dataclass(frozen=True)
class PictureSpec:
    """One `<picture>`: its filter specs (Wagtail's `{a,b}` expansion) and its `sizes`."""

    specs: tuple[str, ...]
    sizes: str

    def filters(self) -> list[str]:
        return Filter.expand_spec(list(self.specs))


# A story's lead photo: full width, fetched first.
LEAD = PictureSpec(
    specs=("format-{avif,webp,jpeg}", "width-{480,800,1200,1600}"),
    sizes="(min-width: 75em) 1200px, 100vw",
)
# A story's other photos, inside the text column.
INLINE = PictureSpec(
    specs=("format-{avif,webp,jpeg}", "width-{480,800,1200}"),
    sizes="(min-width: 45em) 42em, 100vw",
)
# A story's card on the callout page and the home page: its lead photo, cropped.
CARD = PictureSpec(
    specs=("format-{avif,webp,jpeg}", "fill-{360x240,720x480}"),
    sizes="(min-width: 60em) 360px, (min-width: 40em) 45vw, 100vw",
)
PICTURES = {"lead": LEAD, "inline": INLINE, "card": CARD}

# The lead photo as one JPEG for link previews (og:image), structured data and the feed.
SHARE = "width-1200|format-jpeg"
# The lead photo's part of the share card (`cards.py`): cropped around its focal point, and
# lossless, as the card is compressed once.
SHARE_CARD_PHOTO = "fill-480x630|format-png"


def lead_photo_filters() -> list[str]:
    return [*LEAD.filters(), *CARD.filters(), SHARE, SHARE_CARD_PHOTO]


def inline_photo_filters() -> list[str]:
    return INLINE.filters()
