"""`make bench-scale`: 100,000 published stories on PostgreSQL, each listing endpoint timed.

Builds its own database (`--database`, default milepost_scale on 127.0.0.1), migrates it,
publishes one real story through Wagtail, then copies it in bulk with SQL: page rows with
treebeard paths, story rows, a photo each, tags and search index entries. Then asks each
endpoint `--requests` times through Django's test client (page cache off, renditions warmed
by the first request, the memo of published content emptied before each) and prints the p50
against the 100 ms target.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_MS = 100.0
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node alphabet, steplen 4


def path_step(number: int) -> str:
    digits = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        digits = ALPHABET[digit] + digits
    return digits


def setup(database: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milepost.settings.test")
    os.environ["MILEPOST_PAGE_CACHE"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def columns(cursor, table: str, skip: set[str]) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
    )
    return [name for (name,) in cursor.fetchall() if name not in skip]


def generate(count: int):
    # Django is set up by now: the models can load.
    from django.db import connection, transaction
    from wagtail.models import Site

    from bench.generate import shared_image, story_fields
    from milepost.site.models import HomePage
    from milepost.stories.models import StoryIndexPage, StoryPage
    from tests.factories import story_create, story_index_create

    home = HomePage.objects.get()
    Site.objects.filter(is_default_site=True).update(hostname="testserver", port=80)
    index_page = story_index_create(home)
    template = story_create(index_page, title="Template story", photo=False, tags=["trail"])
    template.photos.create(image=shared_image(), alt_text="A road at sunrise", caption="Hills")
    started = time.monotonic()
    page_skip = {
        "id",
        "path",
        "title",
        "draft_title",
        "slug",
        "url_path",
        "translation_key",
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
        "live_revision_id",
        "latest_revision_id",
    }
    with transaction.atomic(), connection.cursor() as cursor:
        import random

        rng = random.Random(100_000)
        fields = [story_fields(rng, number) for number in range(2, count + 2)]
        parent = index_page.path
        paths = [parent + path_step(number) for number in range(2, count + 2)]
        titles = [f["title"] for f in fields]
        slugs = [f["slug"] for f in fields]
        url_paths = [f"{index_page.url_path}{slug}/" for slug in slugs]
        minutes = list(range(count, 0, -1))
        kept = columns(cursor, "wagtailcore_page", page_skip)
        cols = ", ".join(kept)
        cursor.execute(
            f"""INSERT INTO wagtailcore_page ({cols}, path, title, draft_title, slug, url_path,
                translation_key, first_published_at, last_published_at, latest_revision_created_at)
            SELECT {", ".join("t." + c for c in kept)}, n.path, n.title, n.title, n.slug,
                n.url_path, gen_random_uuid(), now() - n.age * interval '1 minute',
                now() - n.age * interval '1 minute', now() - n.age * interval '1 minute'
            FROM wagtailcore_page t,
                unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::int[])
                    AS n(path, title, slug, url_path, age)
            WHERE t.id = %s""",
            [paths, titles, slugs, url_paths, minutes, template.pk],
        )
        story_cols = columns(cursor, "stories_storypage", {"page_ptr_id"})
        cursor.execute(
            f"""INSERT INTO stories_storypage (page_ptr_id, {", ".join(story_cols)})
            SELECT p.id, {", ".join("t." + c for c in story_cols)}
            FROM wagtailcore_page p, stories_storypage t
            WHERE p.path LIKE %s AND p.depth = %s AND p.id <> t.page_ptr_id
                AND t.page_ptr_id = %s""",
            [parent + "%", template.depth, template.pk],
        )
        photo_cols = columns(cursor, "stories_storypagephoto", {"id", "page_id"})
        cursor.execute(
            f"""INSERT INTO stories_storypagephoto (page_id, {", ".join(photo_cols)})
            SELECT s.page_ptr_id, {", ".join("t." + c for c in photo_cols)}
            FROM stories_storypage s, stories_storypagephoto t
            WHERE t.page_id = %s AND s.page_ptr_id <> %s""",
            [template.pk, template.pk],
        )
        tags = ["first race", "comeback", "trail", "family", "marathon", "injury", "track"]
        cursor.execute(
            """INSERT INTO taggit_tag (name, slug) SELECT n, replace(n, ' ', '-')
            FROM unnest(%s::text[]) n ON CONFLICT DO NOTHING""",
            [tags],
        )
        cursor.execute(
            """INSERT INTO stories_storypagetag (content_object_id, tag_id)
            SELECT s.page_ptr_id, tg.id FROM stories_storypage s
            JOIN taggit_tag tg ON tg.id %% 7 = s.page_ptr_id %% 7 WHERE s.page_ptr_id <> %s""",
            [template.pk],
        )
        entry_cols = columns(cursor, "wagtailsearch_indexentry", {"id", "object_id", "title"})
        cursor.execute(
            f"""INSERT INTO wagtailsearch_indexentry (object_id, title, {", ".join(entry_cols)})
            SELECT p.id::text, setweight(to_tsvector(p.title), 'A'),
                {", ".join("t." + c for c in entry_cols)}
            FROM wagtailcore_page p, wagtailsearch_indexentry t
            WHERE p.path LIKE %s AND p.depth = %s AND p.id <> %s AND t.object_id = %s
                AND t.content_type_id = p.content_type_id""",
            [parent + "%", template.depth, template.pk, str(template.pk)],
        )
        cursor.execute(
            "UPDATE wagtailcore_page SET numchild = %s WHERE id = %s", [count + 1, index_page.pk]
        )
        cursor.execute("ANALYZE")
    print(
        f"  {StoryPage.objects.live().count()} live stories in {time.monotonic() - started:.1f} s",
        flush=True,
    )
    return StoryIndexPage.objects.get(pk=index_page.pk)


def p50_ms(client, url: str, requests: int) -> tuple[float, int]:
    """Each request as the first reader of a page-cache generation makes it: the memo of
    published content (core.memo) is emptied first, so the database is read every time."""
    from milepost.core.memo import generation_memo_clear

    response = client.get(url)  # warms renditions
    timings = []
    for _ in range(requests):
        generation_memo_clear()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database", default="milepost_scale")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="milepost-scale-") as folder:
        os.environ["MILEPOST_DATA_DIR"] = folder
        setup(args.database)
        from django.conf import settings
        from django.test import Client

        print(f"generating {args.stories} stories in {args.database}", flush=True)
        index_page = generate(args.stories)
        last = -(-(args.stories + 1) // settings.MILEPOST_STORIES_PER_PAGE)
        url = index_page.url
        sitemap_files = -(-(args.stories + 3) // settings.MILEPOST_SITEMAP_URLS_PER_FILE)
        endpoints = [
            ("callout page, first page", url),
            (f"callout page, middle page ({last // 2})", f"{url}?page={last // 2}"),
            (f"callout page, last page ({last})", f"{url}?page={last}"),
            ("tag filter", f"{url}?tag=trail"),
            ("search", f"{url}?q=bridge"),
            ("site-wide search", "/search/?q=bridge"),
            ("feed", f"{url}feed/"),
            ("sitemap index", "/sitemap.xml"),
            ("sitemap file, first (full)", "/sitemap-pages.xml"),
            (f"sitemap file, last ({sitemap_files})", f"/sitemap-pages.xml?p={sitemap_files}"),
            ("home page", "/"),
        ]
        client = Client()
        rows = []
        for name, path in endpoints:
            median, status = p50_ms(client, path, args.requests)
            rows.append((name, path, status, median))
        print(f"\n{'endpoint':34} {'status':>6} {'p50 ms':>8}  target {TARGET_MS:.0f} ms")
        failed = 0
        for name, _path, status, median in rows:
            ok = status == 200 and median < TARGET_MS
            failed += not ok
            print(f"{name:34} {status:>6} {median:8.1f}  {'ok' if ok else 'MISSED'}")
        load = os.getloadavg()[0]
        print(f"\n{len(rows) - failed}/{len(rows)} under target; load 1m {load:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
