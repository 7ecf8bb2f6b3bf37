import io

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from milepost.photos.services import image_file_metadata_set
from milepost.stories import renditions
from milepost.stories.models import StoryPagePhoto
from milepost.stories.services import image_renditions_generate, story_renditions_generate
from tests.factories import image_create, jpeg_bytes, story_create


def _specs(image) -> set[str]:
    return set(image.renditions.values_list("filter_spec", flat=True))


def test_publishing_a_story_makes_its_renditions_in_the_worker(
    story_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = story_create(story_index, photo=False)
        # In the order the editor's panel gives them: the first is the lead photo.
        lead = StoryPagePhoto.objects.create(
            page=story, image=image_create("lead", 320, 240), alt_text="A road", sort_order=0
        )
        inline = StoryPagePhoto.objects.create(
            page=story, image=image_create("inline", 320, 240), alt_text="A hill", sort_order=1
        )
        story.save_revision().publish()

    assert _specs(lead.image) == set(renditions.lead_photo_filters())
    assert _specs(inline.image) == set(renditions.inline_photo_filters())


def test_making_renditions_twice_makes_nothing_new(story_index):
    story = story_create(story_index, photo=False)
    photo = StoryPagePhoto.objects.create(
        page=story, image=image_create("lead", 320, 240), alt_text="A road"
    )
    story_renditions_generate(story.pk)
    first = set(photo.image.renditions.values_list("pk", flat=True))

    story_renditions_generate(story.pk)

    assert set(photo.image.renditions.values_list("pk", flat=True)) == first
    assert len(first) == len(renditions.lead_photo_filters())


def test_a_replaced_image_gets_new_renditions_and_new_markup(
    client, story_index, django_capture_on_commit_callbacks
):
    story = story_create(story_index, photo=False)
    photo = StoryPagePhoto.objects.create(
        page=story, image=image_create("lead", 320, 240), alt_text="A road"
    )
    story_renditions_generate(story.pk)
    old_urls = [photo.image.get_rendition(spec).url for spec in renditions.LEAD.filters()]
    assert all(url in client.get(story.url).content.decode() for url in old_urls)

    image = get_image_model().objects.get(pk=photo.image_id)
    image.renditions.all().delete()
    jpeg = jpeg_bytes(300, 200, (0, 0, 255))
    image.file = ImageFile(io.BytesIO(jpeg), name="new.jpg")
    image_file_metadata_set(image, jpeg)
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    page = client.get(story.url).content.decode()

    assert _specs(image) == set(renditions.lead_photo_filters())
    new_urls = [image.get_rendition(spec).url for spec in renditions.LEAD.filters()]
    assert all(url in page for url in new_urls)
    assert not any(url in page for url in old_urls)


def test_an_unused_image_has_nothing_to_make(db):
    image = image_create("unused", 160, 120)

    assert image_renditions_generate(image.pk) == 0
    assert image_renditions_generate(image.pk + 1000) == 0
