"""Writes for the public story pages: renditions and share cards made ahead of a reader's
request."""

from wagtail.images import get_image_model

from milepost.core.pagecache import page_cache_invalidate

from . import renditions
from .models import StoryPage, StoryPagePhoto
from .pictures import ShareImage, share_card_make, share_cards_delete


def _photo_filters(photo: StoryPagePhoto, lead_photo_ids: set[int]) -> list[str]:
    if photo.pk in lead_photo_ids:
        return renditions.lead_photo_filters()
    return renditions.inline_photo_filters()


def _lead_photo_ids(page_ids) -> set[int]:
    """The first photo of each of these stories: it is drawn large, on cards and in shares."""
    leads: dict[int, int] = {}
    photos = StoryPagePhoto.objects.filter(page_id__in=page_ids).order_by(
        "page_id", "sort_order", "pk"
    )
    for page_id, photo_id in photos.values_list("page_id", "pk"):
        leads.setdefault(page_id, photo_id)
    return set(leads.values())


def _renditions_make(photos: list[StoryPagePhoto]) -> int:
    lead_photo_ids = _lead_photo_ids({photo.page_id for photo in photos})
    made = 0
    for photo in photos:
        # get_renditions makes only the ones missing: running twice does no work twice.
        made += len(photo.image.get_renditions(*_photo_filters(photo, lead_photo_ids)))
    return made


def story_renditions_generate(story_id: int) -> int:
    """Make every rendition a story's pages show; returns how many now exist."""
    photos = StoryPagePhoto.objects.filter(page_id=story_id).select_related("image")
    return _renditions_make(list(photos))


def image_renditions_generate(image_id: int) -> int:
    """Make the renditions of an uploaded or replaced image for each story that shows it."""
    if not get_image_model().objects.filter(pk=image_id).exists():
        return 0
    photos = list(StoryPagePhoto.objects.filter(image_id=image_id).select_related("image"))
    # A new file or focal point is a new card for the stories it leads.
    for story_id in {photo.page_id for photo in photos}:
        story_share_card_make(story_id)
    return _renditions_make(photos)


def story_share_card_make(story_id: int) -> ShareImage | None:
    """Draw the live story's share card (once for what it shows); None if it is not live."""
    story = StoryPage.objects.live().filter(pk=story_id).first()
    if story is None:
        return None
    card, drawn = share_card_make(story.card_source)
    if drawn:
        # Pages rendered meanwhile name the lead photo instead: they are read again with it.
        page_cache_invalidate()
    return card


def story_share_cards_delete(story_id: int) -> int:
    """A story taken off the site takes its cards with it (they show the name and photo)."""
    return share_cards_delete(str(story_id))
