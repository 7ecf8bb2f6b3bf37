"""Real objects for tests: callouts, callout pages and published stories with real JPEG photos."""

import io
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from milepost.callouts.models import Callout
from milepost.site.models import HomePage
from milepost.stories.models import StoryIndexPage, StoryPage, StoryPagePhoto


def jpeg_bytes(width=1200, height=800, colour=(180, 90, 40)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def image_create(title="Photo", width=1200, height=800):
    return get_image_model().objects.create(
        title=title,
        file=ImageFile(io.BytesIO(jpeg_bytes(width, height)), name=f"{title}.jpg"),
    )


def home_page_get_or_create():
    """The migrated home page; rebuilt when a transactional test has flushed the database."""
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code="en")
        Collection.get_first_root_node() or Collection.add_root(name="Root")
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title="Milepost", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )
    return home


def story_index_create(home_page, *, title="Most Important Mile", slug="most-important-mile"):
    callout = Callout.objects.create(
        title=title,
        slug=slug,
        prompt="What was your most important mile?",
        submission_address="mile@milepost.example",
    )
    index_page = StoryIndexPage(
        title=title,
        slug=slug,
        callout=callout,
        intro="<p>Readers tell us about the mile that changed things.</p>",
        call_for_stories="<p>Send us your own most important mile.</p>",
    )
    home_page.add_child(instance=index_page)
    index_page.save_revision().publish()
    return index_page


def story_create(
    index_page,
    *,
    title="The hill on Pine Street",
    days_ago=0,
    photo=True,
    tags=(),
    publish=True,
    **fields,
):
    defaults = {
        "runner_name": "Jane Doe",
        "runner_age": 32,
        "city": "St. Louis",
        "region": "MO",
        "descriptor": "mother runner",
        "pull_quote": "I stopped counting and started breathing.",
        "lede": "It was the first mile I ran after my daughter was born.",
        "body": "<p>The hill was steeper than I remembered.</p>",
    }
    story = StoryPage(title=title, live=False, **{**defaults, **fields})
    if photo:
        story.photos = [
            StoryPagePhoto(
                image=image_create(title),
                caption="At the top of the hill, at last.",
                alt_text="A runner at the top of a hill at sunrise",
                credit="Jane Doe",
            )
        ]
    story.tags.add(*tags)
    index_page.add_child(instance=story)
    revision = story.save_revision()
    if publish:
        revision.publish()
        published_at = timezone.now() - timedelta(days=days_ago)
        StoryPage.objects.filter(pk=story.pk).update(
            first_published_at=published_at, last_published_at=published_at
        )
        story.refresh_from_db()
    return story
