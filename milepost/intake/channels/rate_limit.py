"""A small per-client limiter on Django's cache: so many actions per fixed window of time.

With Redis as the cache the count is shared by every worker; with the local-memory cache each
process counts on its own, which still slows a flood down.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

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


def client_ip(request) -> str:
    """The address the request came from.

    X-Forwarded-For is only believed when a setting says a proxy of ours sets it: anyone can
    send the header, and a limiter keyed on it could be dodged by making up addresses. Our
    proxy appends the address it saw, so the last entry is the one to trust.
    """
    if settings.MILEPOST_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def rate_exceeded(scope: str, client: str, rate: Rate) -> bool:
    return cache.get(_key(scope, client, rate), 0) >= rate.count


def rate_record(scope: str, client: str, rate: Rate) -> None:
    key = _key(scope, client, rate)
    # add() is a no-op when the key exists, so concurrent first hits do not reset each other.
    cache.add(key, 0, timeout=rate.seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=rate.seconds)


def _key(scope: str, client: str, rate: Rate) -> str:
    window = int(time.time() // rate.seconds)
    return f"ratelimit:{scope}:{client}:{window}"
