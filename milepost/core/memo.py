"""Published content that public pages read, remembered per web process for one generation.

Every change a public page can show starts a new page-cache generation (`core.signals`: a
publish, unpublish, move or delete, a view restriction, a Site, a setting, an edited image;
higher apps add theirs, as callouts does for a Callout). A value worked out from published
content under the current generation is therefore still true, and it is worked out afresh once
the generation moves on. So a reader's request reads the database only for what changed,
whether or not the page cache is on.

`GenerationMemoMiddleware` (core.middleware) reads the generation once per request. Outside a
request (the worker, a command, a shell) nothing is remembered: every read goes to the database.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

# Keys can come from a request (a host name, a page number, a search), and a listing holds a
# dozen stories (some 60 KB): the least recently used go first, past about 60 MB at worst.
MAX_REMEMBERED = 1024

_remembered: OrderedDict[Hashable, object] = OrderedDict()
_generation: list[str | None] = [None]
_active: ContextVar[bool] = ContextVar("generation_memo_active", default=False)


def generation_memo_clear() -> None:
    _remembered.clear()
    _generation[0] = None


def generation_memo_begin(generation: str) -> None:
    """Forget everything remembered under an older generation."""
    if generation != _generation[0]:
        _remembered.clear()
        _generation[0] = generation


def generation_memo_activate() -> object:
    return _active.set(True)


def generation_memo_deactivate(token) -> None:
    _active.reset(token)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned for `key` earlier in this generation."""
    if not _active.get():
        return compute()
    try:
        value = _remembered[key]
        _remembered.move_to_end(key)
    except KeyError:  # not remembered, or forgotten by another thread meanwhile
        value = compute()
        _remembered[key] = value
        while len(_remembered) > MAX_REMEMBERED:
            _remembered.popitem(last=False)
    return value  # type: ignore[return-value]
