"""A small per-client limiter: so many attempts per fixed window of time, shared by every worker.

Each attempt is counted the moment it arrives, in one atomic step that also says whether it is
over the rate: with Redis (`REDIS_URL`) an INCR, otherwise an UPDATE of a database row. So
simultaneous requests cannot all slip in between a check and a record.
"""

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import RateCounter

_UNITS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """ "5/h" is five per hour; the unit is s, m, h or d."""
        count, _, unit = text.partition("/")
        return cls(int(count), _UNITS[unit.strip()[:1].lower()])


def rate_attempt_record(scope: str, client: str, rate: Rate) -> bool:
    """Count one attempt; False when it is over the rate (valid or not, every attempt counts)."""
    window = int(time.time() // rate.seconds)
    key = f"ratelimit:{scope}:{client}:{window}"
    expires_at = datetime.fromtimestamp((window + 1) * rate.seconds, tz=UTC)
    counter = _redis_count if settings.REDIS_URL else _database_count
    return counter(key, expires_at) <= rate.count


def _redis_count(key: str, expires_at: datetime) -> int:
    client = _redis(settings.REDIS_URL)
    with client.pipeline() as pipeline:
        pipeline.incr(key)
        pipeline.expireat(key, expires_at)
        count, _ = pipeline.execute()
    return count


_redis_clients: dict[str, redis.Redis] = {}
_redis_clients_lock = threading.Lock()


def _redis(url: str) -> redis.Redis:
    """One client per worker process. Under a lock: a second client made by a racing thread
    would be dropped, and a dropped client closes its pool's connections, in use or not."""
    with _redis_clients_lock:
        if url not in _redis_clients:
            _redis_clients[url] = redis.Redis.from_url(url)
        return _redis_clients[url]


def _database_count(key: str, expires_at: datetime) -> int:
    with transaction.atomic():
        counter, created = RateCounter.objects.select_for_update().get_or_create(
            key=key, defaults={"count": 1, "expires_at": expires_at}
        )
        if created:  # a new window: windows already over are of no more use
            RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
            return 1
        RateCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
        counter.refresh_from_db(fields=["count"])
    return counter.count
