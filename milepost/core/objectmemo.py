"""Values kept for an object as long as it lives, without setting attributes on it.

An attribute of our own on Django's or Wagtail's object (a user, an image) could clash with
theirs and reads as theirs. A WeakKeyDictionary would not do either: model instances are equal
by primary key, so one user's value would be served to another instance of the same user (the
next request's) while the first lived. Here an object is known by its identity.
"""

import weakref
from typing import Any


class ObjectMemo:
    def __init__(self) -> None:
        self._values: dict[int, Any] = {}

    def get(self, obj, default=None):
        return self._values.get(id(obj), default)

    def set(self, obj, value) -> None:
        key = id(obj)
        if key not in self._values:
            # Forgotten as the object goes, before another object can take its id.
            weakref.finalize(obj, self._values.pop, key, None)
        self._values[key] = value

    def pop(self, obj, default=None):
        return self._values.pop(id(obj), default)
