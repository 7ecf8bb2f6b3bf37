"""Page-cache generations: names for "what is published now" that sort in the order they began.

A generation is "<number>-<token>". The number is one more than the previous generation's and
never less than the time in microseconds, so it keeps growing when the shared cache loses the
generation (a restart, an eviction, `page_cache_clear`). The random token keeps two generations
apart when two processes start one from the same previous number at once (a file cache's read
and write are not one step). A process never moves back to a generation with a lower number.
"""

import secrets
import time

TOKEN_BYTES = 8


def generation_number(generation: str | None) -> int:
    """Its number; 0 for none, or for a name from before generations were numbered."""
    number, _, _ = (generation or "").partition("-")
    return int(number) if number.isdigit() else 0


def generation_next(previous: str | None) -> str:
    number = max(generation_number(previous) + 1, time.time_ns() // 1000)
    return f"{number:020d}-{secrets.token_hex(TOKEN_BYTES)}"


def generation_is_older(generation: str, than: str) -> bool:
    return generation_number(generation) < generation_number(than)
