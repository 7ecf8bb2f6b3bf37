"""The one shape of a status change (a submission's, a book entry's): a table of which status
may follow which, the row locked while it changes, and the change recorded in the same
transaction. Each app keeps only its table and what it records."""

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from django.db import models, transaction

from .exceptions import DomainError

Status = TypeVar("Status", bound=models.TextChoices)


class InvalidTransition(DomainError):
    """The status (or what it hangs on: a book gone to print, an answer already given) does not
    allow this change."""


class StateMachine(Generic[Status]):
    """A model's `status` field with `statuses` as its choices; `table[status]` holds the
    statuses that may follow it."""

    def __init__(self, statuses: type[Status], table: Mapping[Status, set[Status]]):
        self.statuses = statuses
        self.table = table

    def can_become(self, current: str, to_status: str) -> bool:
        return to_status in self.table[self.statuses(current)]

    def transition(
        self,
        instance: Any,
        to_status: str,
        *,
        name: str,
        record: Callable[[Any, Status, Status], None],
    ) -> Any:
        """Lock `instance`'s row, refuse a change its table does not allow (the message names
        it as `name`), save the new status and `record(instance, from_status, to_status)`, all
        in one transaction. Returns the row as locked and changed."""
        wanted = self.statuses(to_status)
        with transaction.atomic():
            instance = type(instance).objects.select_for_update().get(pk=instance.pk)
            current = self.statuses(instance.status)
            if wanted not in self.table[current]:
                raise InvalidTransition(
                    f"{name} is {current.label.lower()}; it cannot become {wanted.label.lower()}."
                )
            instance.status = wanted
            instance.save(update_fields=["status"])
            record(instance, current, wanted)
        return instance
