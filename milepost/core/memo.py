"""Published content that public pages read, remembered per web process for one generation.

Every change a public page can show starts a new page-cache generation (`core.signals`: a
publish, unpublish, move or delete, a view restriction, a Site, a setting, an edited image;
higher apps add theirs, as callouts does for a Callout). A value worked out from published
content under a generation is therefore true for that generation only: it is remembered under
the generation the request read when it began, and served only to requests that began under
the same one. So a reader's request reads the database only for what changed, whether or not
the page cache is on, and a request that began before a change and ends after it (another
thread, a slow render) cannot leave what it read for the readers after the change.

The process keeps the newest generation it has seen and forgets the older ones' values as soon
as it sees a newer one; a request still running under an older generation (it read the
generation just before the change) works its values out afresh and leaves them unremembered.
The middleware tells such a request from a current generation with a lower number (two processes
started generations at once) by reading the shared generation again.
`GenerationMemoMiddleware` (core.middleware) reads the generation once per request. Outside a
request (the worker, a command, a shell) nothing is remembered: every read goes to the database.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar, Token
from typing import TypeVar

from .generations import generation_is_older

T = TypeVar("T")

# Keys can come from a request (a host name, a page number, a search), and a listing holds a
# dozen stories (some 60 KB): the least recently used go first, past about 60 MB at worst.
MAX_REMEMBERED = 1024

# Values by (generation, key); a web process's threads share them, hence the lock.
_remembered: OrderedDict[tuple[str, Hashable], object] = OrderedDict()
_newest: list[str | None] = [None]
_lock = threading.Lock()
# The generation the current request read when it began; None outside a request.
_request_generation: ContextVar[str | None] = ContextVar("memo_generation", default=None)


def generation_memo_clear() -> None:
    with _lock:
        _remembered.clear()
        _newest[0] = None


def generation_memo_advance(generation: str) -> None:
    """Move this process on to `generation`, forgetting the values of older ones; never back."""
    with _lock:
        newest = _newest[0]
        if generation == newest or (newest and generation_is_older(generation, newest)):
            return
        _remembered.clear()
        _newest[0] = generation


def generation_memo_newest() -> str | None:
    """The newest generation this process has seen (None before its first request, or cleared).
    Without reading the shared cache, it may be behind a change another process made."""
    return _newest[0]


def generation_memo_request() -> str | None:
    """The generation the current request began under; None outside a request."""
    return _request_generation.get()


def generation_memo_ahead_of(generation: str) -> str | None:
    """The newer generation this process holds, if `generation` is older than it."""
    newest = _newest[0]
    return newest if newest and generation_is_older(generation, newest) else None


def generation_memo_follow(generation: str, *, instead_of: str) -> None:
    """Move to `generation`, older by its number, that the shared cache holds as the current one.

    Two processes that start a generation at the same moment can leave the one with the lower
    number in the cache; a process that saw the other one follows the cache, once it has read
    there that this is the current generation, and only if it has not moved on meanwhile.
    """
    with _lock:
        if _newest[0] == instead_of:
            _remembered.clear()
            _newest[0] = generation


def generation_memo_activate(generation: str) -> Token:
    """Remember under `generation`, the one the request read as it began, until deactivated."""
    generation_memo_advance(generation)
    return _request_generation.set(generation)


def generation_memo_deactivate(token: Token) -> None:
    _request_generation.reset(token)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned for `key` earlier in the request's generation."""
    generation = _request_generation.get()
    if generation is None:
        return compute()
    entry = (generation, key)
    with _lock:
        if entry in _remembered:
            _remembered.move_to_end(entry)
            return _remembered[entry]  # type: ignore[return-value]
    value = compute()
    with _lock:
        if generation == _newest[0]:  # a request under an older generation keeps nothing
            _remembered[entry] = value
            while len(_remembered) > MAX_REMEMBERED:
                _remembered.popitem(last=False)
    return value
