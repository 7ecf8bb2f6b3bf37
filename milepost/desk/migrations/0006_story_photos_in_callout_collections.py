"""Each callout's story photos into a collection of its own, so an editor limited to other
callouts reaches none of them (desk.selectors.image_list_for_user). An image shown in the
stories of two callouts is left where it is: it belongs to neither alone."""

from collections import defaultdict

from django.db import migrations

# Wagtail's collection tree (treebeard, materialised path): four base-36 digits a level.
STEP = 4
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number: int) -> str:
    digits = ""
    for _ in range(STEP):
        number, digit = divmod(number, len(DIGITS))
        digits = DIGITS[digit] + digits
    return digits


def _collection_add(Collection, root, name):
    """A child of the root collection, as treebeard's add_child makes it (historical models
    have no tree methods)."""
    last = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
    number = int(last.path[-STEP:], len(DIGITS)) + 1 if last else 1
    collection = Collection.objects.create(
        name=name, path=root.path + _step(number), depth=2, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    root.numchild += 1
    return collection


def _callouts_by_image(apps) -> dict:
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")
    StoryPagePhoto = apps.get_model("stories", "StoryPagePhoto")
    callouts = defaultdict(set)
    for index_page in StoryIndexPage.objects.filter(callout__isnull=False):
        photos = StoryPagePhoto.objects.filter(page__path__startswith=index_page.path)
        for image_id in photos.values_list("image_id", flat=True):
            callouts[image_id].add(index_page.callout_id)
    return callouts


def forwards(apps, schema_editor):
    Callout = apps.get_model("callouts", "Callout")
    Collection = apps.get_model("wagtailcore", "Collection")
    Image = apps.get_model("wagtailimages", "Image")
    images_by_callout = defaultdict(list)
    for image_id, callouts in _callouts_by_image(apps).items():
        if len(callouts) == 1:
            images_by_callout[callouts.pop()].append(image_id)
    root = Collection.objects.filter(depth=1).order_by("path").first()
    for callout in Callout.objects.filter(pk__in=images_by_callout, image_collection=None):
        callout.image_collection = _collection_add(Collection, root, callout.title)
        callout.save(update_fields=["image_collection"])
    for callout in Callout.objects.filter(pk__in=images_by_callout):
        images = Image.objects.filter(pk__in=images_by_callout[callout.pk])
        images.update(collection=callout.image_collection_id)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0005_digest_from_the_today_panel"),
        ("callouts", "0013_callout_image_collection"),
        ("stories", "0005_naming_and_byline_agreement"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
