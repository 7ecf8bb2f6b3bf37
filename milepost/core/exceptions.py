"""The one base of the errors a person is meant to read: a refusal in the domain's words (the
deadline has passed, the book is locked), as opposed to a bug. Views and commands catch
`DomainError` once and show its message. Plain Python, so the book writers and the photo
masters may raise one too."""

from typing import Any


class DomainError(Exception):
    """`message` says what went wrong and what to do, in words a person reads; `extra` holds
    what a caller may need besides (a code, say)."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
