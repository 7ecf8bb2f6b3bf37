"""Readership counted without tracking: one number per story page per day, nothing about the
reader. The story page's own script (`static/js/readership.js`) posts once a view; the view
asks `story_view_countable` of the request's headers, then `story_view_count` adds one.

With Redis (`REDIS_URL`) a view is one HINCRBY on the day's hash, and `story_views_flush`
(run by `run_scheduler`) moves the counts of stories still live and public into
`StoryReadingDay` (and `StoryReadingWeek`); without Redis it is one atomic UPDATE (or INSERT)
of the day's row and the week's.

With Redis, a web process that has counted a story under its newest page-cache generation
counts the story's next views before Django (`insights.beacon`): one HINCRBY, no database and
no cache read. A change another process made (the story unpublished) may reach this process
only at its next page request; the flush's own check keeps such views out of the report.
"""

import re
import threading
from collections.abc import Mapping
from datetime import date

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from milepost.core.memo import generation_memo_newest, generation_memo_request, remembered
from milepost.stories.models import StoryPage

from .models import StoryReadingDay, StoryReadingWeek, week_of

# Robots, crawlers, link previews, monitors and scripted or headless browsers. Read from the
# request and never stored.
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor"
    r"|pingdom|uptime|lighthouse|headless|phantomjs|selenium|puppeteer|playwright|python"
    r"|curl|wget|httpie|go-http|java/|okhttp|axios|node-fetch|libwww|scrapy|feed|rss",
    re.IGNORECASE,
)
REDIS_KEY_PREFIX = "milepost:readership:"
# Story ids asked of the database at once by the flush (SQLite allows 32,766 parameters).
FLUSH_BATCH = 5000


def story_view_countable(headers: Mapping[str, str]) -> bool:
    """False for another site's request (a browser says where a request comes from in
    Sec-Fetch-Site), a robot, a prefetch or prerender, and a reader asking not to be tracked
    (Do Not Track, Global Privacy Control)."""
    if headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    user_agent = headers.get("User-Agent", "")
    if not user_agent or BOT_USER_AGENT.search(user_agent):
        return False
    purpose = f"{headers.get('Sec-Purpose', '')} {headers.get('Purpose', '')}".lower()
    if "prefetch" in purpose or "prerender" in purpose:
        return False
    return headers.get("DNT", "").strip() != "1" and headers.get("Sec-GPC", "").strip() != "1"


def story_is_countable(page_id: int) -> bool:
    """A live story page: nothing is written for an unknown, draft or other page."""
    return remembered(
        ("insights.story_is_countable", page_id),
        lambda: StoryPage.objects.live().public().filter(pk=page_id).exists(),
    )


def story_view_count(page_id: int) -> bool:
    """Add one view of a live story page to today's count; False (and nothing written) for
    anything else."""
    if not story_is_countable(page_id):
        return False
    if settings.REDIS_URL:
        _story_counted_remember(page_id)
        _redis_view_add(settings.REDIS_URL, page_id)
    else:
        story_views_add(page_id=page_id, day=timezone.localdate(), views=1)
    return True


def story_view_count_again(page_id: int) -> bool:
    """Count a view of a story this process counted under its newest generation, without the
    database or the shared cache; False (nothing counted) for any other story, or with no Redis:
    then `story_view_count` must decide."""
    generation, stories = _stories_counted
    if not settings.REDIS_URL or page_id not in stories:
        return False
    if generation is None or generation != generation_memo_newest():
        return False
    _redis_view_add(settings.REDIS_URL, page_id)
    return True


# The stories this process has counted, and the generation it found them live under; a newer
# generation starts an empty set. Replaced whole, so a reading thread sees one pair or the other.
_stories_counted: tuple[str | None, frozenset[int]] = (None, frozenset())


def _story_counted_remember(page_id: int) -> None:
    global _stories_counted  # noqa: PLW0603 - one pair per process, replaced whole
    generation, stories = _stories_counted
    newest = generation_memo_newest()
    if newest is None or generation_memo_request() != newest:
        return  # found countable under an older generation, or outside a request
    if generation == newest and page_id in stories:
        return
    _stories_counted = (newest, (stories if generation == newest else frozenset()) | {page_id})


def _redis_view_add(url: str, page_id: int) -> None:
    _redis(url).hincrby(f"{REDIS_KEY_PREFIX}{timezone.localdate():%Y-%m-%d}", str(page_id), 1)


def story_views_add(*, page_id: int, day: date, views: int) -> None:
    """Add `views` to one story's count for `day` and for its week, together."""
    with transaction.atomic():
        _count_add(StoryReadingDay, views, page_id=page_id, day=day)
        _count_add(StoryReadingWeek, views, page_id=page_id, week=week_of(day))


def _count_add(model: type[StoryReadingDay | StoryReadingWeek], views: int, **row) -> None:
    """One atomic UPDATE of the row's count, or the INSERT of the row (a racing insert loses to
    the unique constraint, in its own savepoint, and updates)."""
    while not model.objects.filter(**row).update(views=F("views") + views):
        try:
            with transaction.atomic():
                model.objects.create(**row, views=views)
            return
        except IntegrityError:
            continue


def story_views_flush() -> int:
    """Move Redis's counts of live public stories into the database; returns how many views
    moved. Each day's hash is read and deleted in one MULTI, so a view counted meanwhile waits
    for the next flush and a crash after it loses only the counts in flight, never counts one
    twice. A story deleted, unpublished or restricted since it was read is left out."""
    if not settings.REDIS_URL:
        return 0
    client = _redis(settings.REDIS_URL)
    moved = 0
    for key in client.scan_iter(match=f"{REDIS_KEY_PREFIX}*"):
        with client.pipeline(transaction=True) as pipeline:
            pipeline.hgetall(key)
            pipeline.delete(key)
            counts, _ = pipeline.execute()
        day = date.fromisoformat(key.decode().removeprefix(REDIS_KEY_PREFIX))
        live = _stories_countable([int(pk) for pk in counts])
        with transaction.atomic():
            for page_id, views in sorted(counts.items()):  # one order: no deadlock
                if int(page_id) in live:
                    story_views_add(page_id=int(page_id), day=day, views=int(views))
                    moved += int(views)
    return moved


def _stories_countable(page_ids: list[int]) -> set[int]:
    """Those of `page_ids` that are live public stories now, asked in bounded batches."""
    countable: set[int] = set()
    for start in range(0, len(page_ids), FLUSH_BATCH):
        batch = page_ids[start : start + FLUSH_BATCH]
        stories = StoryPage.objects.live().public().filter(pk__in=batch)
        countable.update(stories.values_list("pk", flat=True))
    return countable


_redis_clients: dict[str, redis.Redis] = {}
_redis_clients_lock = threading.Lock()


def _redis(url: str) -> redis.Redis:
    """One client per worker process, made under a lock (a racing thread's spare client would
    close its pool's connections when dropped)."""
    with _redis_clients_lock:
        if url not in _redis_clients:
            _redis_clients[url] = redis.Redis.from_url(url)
        return _redis_clients[url]
