"""Readership counted without tracking: one number per story page per day, nothing about the
reader. The story page's own script (`static/js/readership.js`) posts once a view; the view
asks `story_view_countable` of the request's headers, then `story_view_count` adds one.

With Redis (`REDIS_URL`) a view is one HINCRBY on the day's hash, and `story_views_flush`
(run by `run_scheduler`) moves the counts into `StoryReadingDay`; without Redis it is one
atomic UPDATE (or INSERT) of the day's row.
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

from milepost.core.memo import remembered
from milepost.stories.models import StoryPage

from .models import StoryReadingDay

# Robots, crawlers, link previews, monitors and scripted or headless browsers. Read from the
# request and never stored.
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor"
    r"|pingdom|uptime|lighthouse|headless|phantomjs|selenium|puppeteer|playwright|python"
    r"|curl|wget|httpie|go-http|java/|okhttp|axios|node-fetch|libwww|scrapy|feed|rss",
    re.IGNORECASE,
)
REDIS_KEY_PREFIX = "milepost:readership:"


def story_view_countable(headers: Mapping[str, str]) -> bool:
    """False for a robot, a prefetch or prerender, and a reader asking not to be tracked
    (Do Not Track, Global Privacy Control)."""
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
    today = timezone.localdate()
    if settings.REDIS_URL:
        _redis(settings.REDIS_URL).hincrby(f"{REDIS_KEY_PREFIX}{today:%Y-%m-%d}", str(page_id), 1)
    else:
        story_views_add(page_id=page_id, day=today, views=1)
    return True


def story_views_add(*, page_id: int, day: date, views: int) -> None:
    """Add `views` to one story's count for `day`, in one atomic statement: an UPDATE, or the
    INSERT of the day's first row (a racing insert loses to the unique constraint and updates)."""
    counts = StoryReadingDay.objects.filter(page_id=page_id, day=day)
    while not counts.update(views=F("views") + views):
        try:
            with transaction.atomic():
                StoryReadingDay.objects.create(page_id=page_id, day=day, views=views)
            return
        except IntegrityError:
            continue


def story_views_flush() -> int:
    """Move Redis's counts into the database; returns how many views moved. Each day's hash
    is read and deleted in one MULTI, so a view counted meanwhile waits for the next flush and
    a crash after it loses only the counts in flight, never counts one twice."""
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
        live = set(
            StoryPage.objects.filter(pk__in=[int(pk) for pk in counts]).values_list("pk", flat=True)
        )
        with transaction.atomic():
            for page_id, views in counts.items():
                if int(page_id) in live:  # a story deleted since it was read
                    story_views_add(page_id=int(page_id), day=day, views=int(views))
                    moved += int(views)
    return moved


_redis_clients: dict[str, redis.Redis] = {}
_redis_clients_lock = threading.Lock()


def _redis(url: str) -> redis.Redis:
    """One client per worker process, made under a lock (a racing thread's spare client would
    close its pool's connections when dropped)."""
    with _redis_clients_lock:
        if url not in _redis_clients:
            _redis_clients[url] = redis.Redis.from_url(url)
        return _redis_clients[url]
