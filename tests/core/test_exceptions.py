"""Every error milepost defines for a person to read is a `DomainError`, so views and commands
catch one class and show its message. A new exception class fails here until it is one, or is
added below with the reason it is not."""

import ast
import importlib
from pathlib import Path

import milepost
from milepost.core.exceptions import DomainError

PACKAGE = Path(milepost.__file__).parent

NOT_DOMAIN_ERRORS = {
    # Never raised: the error a task is marked failed with when its worker died under it.
    "milepost.core.workers.WorkerStopped",
}


def _modules_defining_classes() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "migrations" in parts or "settings" in parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        if any(isinstance(node, ast.ClassDef) for node in tree.body):
            modules.append(".".join(parts).removesuffix(".__init__"))
    return modules


def exception_classes() -> dict[str, type[BaseException]]:
    """Each exception class defined at the top of a milepost module, by its dotted path."""
    found = {}
    for name in _modules_defining_classes():
        for value in vars(importlib.import_module(name)).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == name
            ):
                found[f"{name}.{value.__qualname__}"] = value
    return found


def test_every_exception_class_is_a_domain_error_or_says_why_not():
    classes = exception_classes()
    assert "milepost.core.exceptions.DomainError" in classes  # the walk does find them
    unexplained = {
        path
        for path, cls in classes.items()
        if not issubclass(cls, DomainError) and path not in NOT_DOMAIN_ERRORS
    }
    assert unexplained == set()


def test_there_is_one_invalid_transition():
    assert [path for path in exception_classes() if path.endswith(".InvalidTransition")] == [
        "milepost.core.states.InvalidTransition"
    ]


def test_a_domain_error_carries_its_message_and_what_else_a_caller_needs():
    error = DomainError("The book is locked.", extra={"report": "2 entries lack permission"})
    assert (str(error), error.message) == ("The book is locked.", "The book is locked.")
    assert error.extra == {"report": "2 entries lack permission"}
    assert DomainError("No.").extra == {}
