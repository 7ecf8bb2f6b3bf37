"""Fill an empty Milepost database with one callout page and N published stories.

Run by `python -m bench` as `python -m bench.generate --stories 1000 --port P --output F` with the
environment (settings, data folder) already pointing at a throwaway site. Writes the URLs the
benchmark loads, as JSON, to the --output file.

Every story is a real published page (add_child, a revision, publish) with its own
StoryPagePhoto row; all photos share one Image, so the renditions are made once. Publication
dates are spread over the past years so listings and the feed sort a realistic mix.
"""

import argparse
import io
import json
import random
import time
from datetime import timedelta
from pathlib import Path


def setup_django() -> None:
    import django

    django.setup()


BODY_SENTENCES = [
    "The hill was steeper than I remembered, and the wind came straight down it.",
    "I had not run a step since the winter, and my legs told me so at once.",
    "My daughter waved from the corner, holding a sign she had made that morning.",
    "At the turn by the river the fog lifted and I could see the bridge at last.",
    "I stopped counting the strides and started counting breaths instead.",
    "A stranger in a yellow jacket ran beside me for a while and said nothing at all.",
    "The streetlights went off one by one as the sky turned the colour of peaches.",
    "When I reached the top I laughed out loud, alone, and nobody minded.",
    "My father used to run this road before work, long before anyone called it training.",
    "The last quarter was the slowest of my life and the one I remember best.",
]
TAGS = ["first race", "comeback", "trail", "family", "marathon", "injury", "track", "winter"]
PLACES = [
    ("St. Louis", "MO"),
    ("Leeds", "UK"),
    ("Portland", "OR"),
    ("Austin", "TX"),
    ("Dublin", "Ireland"),
    ("Boulder", "CO"),
    ("", "UK"),
]
NAMES = ["Jane Doe", "Sam Okafor", "Maria Lopez", "Priya Shah", "Tom Becker", "Ana Ruiz"]
DESCRIPTORS = ["mother runner", "retired teacher", "first-time racer", "", "night-shift nurse"]


def story_fields(rng: random.Random, number: int) -> dict:
    """A story of about 250-300 words: around the callout's soft word limit."""
    paragraphs = []
    for _ in range(5):
        sentences = rng.sample(BODY_SENTENCES, 5)
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    city, region = rng.choice(PLACES)
    return {
        "title": f"Story {number}: the mile by the {rng.choice(['river', 'school', 'bridge'])}",
        "slug": f"story-{number}",
        "runner_name": rng.choice(NAMES),
        "runner_age": rng.choice([None, *range(18, 80)]),
        "city": city,
        "region": region,
        "descriptor": rng.choice(DESCRIPTORS),
        "pull_quote": rng.choice(BODY_SENTENCES),
        "lede": " ".join(rng.sample(BODY_SENTENCES, 2)),
        "body": "".join(paragraphs),
    }


# Django's models load only after setup_django(): these functions import them when called.


def shared_image():
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from milepost.demo.photos import illustration_render

    jpeg = illustration_render(scene="road", palette="sunrise", seed=1)
    return get_image_model().objects.create(
        title="Benchmark photo", file=ImageFile(io.BytesIO(jpeg), name="bench-photo.jpg")
    )


def generate(count: int, host: str, port: int) -> dict:
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Site

    from milepost.callouts.models import Callout
    from milepost.site.models import HomePage
    from milepost.stories.models import StoryIndexPage, StoryPage, StoryPagePhoto

    rng = random.Random(1000)
    # Canonical links, feeds and og:image use the site's address: make it the one benchmarked.
    Site.objects.filter(is_default_site=True).update(hostname=host, port=port)
    home = HomePage.objects.get()
    callout = Callout.objects.create(
        title="Most Important Mile",
        slug="most-important-mile",
        prompt="What was your most important mile?",
        submission_address="mile@milepost.example",
    )
    index_page = StoryIndexPage(
        title=callout.title,
        slug=callout.slug,
        callout=callout,
        intro="<p>Readers tell us about the mile that changed things.</p>",
        call_for_stories="<p>Send us your own most important mile.</p>",
    )
    home.add_child(instance=index_page)
    index_page.save_revision().publish()
    image = shared_image()

    now = timezone.now()
    started = time.monotonic()
    stories = []
    for number in range(1, count + 1):
        fields = story_fields(rng, number)
        story = StoryPage(live=False, **fields)
        story.photos = [
            StoryPagePhoto(
                image=image,
                caption="At the top of the hill, at last.",
                alt_text="A road running towards hills at sunrise",
                credit=fields["runner_name"],
            )
        ]
        story.tags.add(*rng.sample(TAGS, rng.randint(0, 3)))
        with transaction.atomic():
            index_page.add_child(instance=story)
            story.save_revision().publish()
            # Oldest first, a few days apart: the newest story is number `count`.
            published_at = now - timedelta(days=(count - number) * 2, hours=rng.randint(0, 23))
            StoryPage.objects.filter(pk=story.pk).update(
                first_published_at=published_at, last_published_at=published_at
            )
        stories.append(story)
        if number % 100 == 0 or number == count:
            elapsed = time.monotonic() - started
            print(f"  generated {number}/{count} stories ({elapsed:.1f} s)", flush=True)

    # A story from the middle of the archive: not on the first listing page, not in the feed.
    story = stories[len(stories) // 2]
    story.refresh_from_db()
    index_page.refresh_from_db()
    return {
        "story_url": story.url,
        "index_url": index_page.url,
        "feed_url": f"{index_page.url}feed/",
        "stories": StoryPage.objects.live().count(),
    }


def prerender(urls: list[str], host: str, port: int) -> None:
    """Render each page once in-process, so image renditions exist before the server starts.

    The story page's <picture> needs a dozen renditions (AVIF, WebP, JPEG at four widths);
    making them during the first HTTP request could outlast the worker timeout.
    """
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=f"{host}:{port}")
    for url in urls:
        started = time.monotonic()
        try:
            response = client.get(url)
        except Exception as error:
            hint = ""
            if "Missing staticfiles manifest entry" in str(error):
                hint = (
                    " (collectstatic did not find that file: it must be in an installed app's "
                    "static/ folder or in STATICFILES_DIRS)"
                )
            raise SystemExit(
                f"the site failed rendering {url} under {settings.SETTINGS_MODULE}: "
                f"{type(error).__name__}: {error}{hint}"
            ) from error
        if response.status_code != 200:
            raise SystemExit(f"pre-render of {url} answered {response.status_code}")
        print(f"  pre-rendered {url} ({time.monotonic() - started:.1f} s)", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--output", required=True, help="where to write the JSON summary")
    args = parser.parse_args(argv)
    setup_django()
    result = generate(args.stories, args.host, args.port)
    prerender([result["story_url"], result["index_url"], result["feed_url"]], args.host, args.port)
    Path(args.output).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
