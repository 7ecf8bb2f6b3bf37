"""A library's private attribute is reached only from a module named `internals.py`.

Ruff's SLF001 and PLC2701 (pyproject) refuse `thing._name` and `from x._y import z`; they let
through a private method reached through `super()` (overriding it, as a form once did with
`_clean_fields`), a private name handed to getattr(), hasattr(), setattr() or delattr(), and
`import package._module`, which this finds. Migrations are left out: Django writes them.
"""

import ast
from pathlib import Path

import milepost

PACKAGE = Path(milepost.__file__).parent
BY_NAME = {"getattr", "hasattr", "setattr", "delattr"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_super(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def _named_private(node: ast.Call) -> bool:
    if not (isinstance(node.func, ast.Name) and node.func.id in BY_NAME and len(node.args) >= 2):
        return False
    owner, name = node.args[0], node.args[1]
    if isinstance(owner, ast.Name) and owner.id in {"self", "cls"}:
        return False
    return isinstance(name, ast.Constant) and isinstance(name.value, str) and _private(name.value)


def private_names(source: str, filename: str) -> list[str]:
    """`path:line name` for each private name `source` reaches that ruff lets through."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Attribute) and _is_super(node.value) and _private(node.attr):
            found.append((node.lineno, f"super().{node.attr}"))
        elif isinstance(node, ast.Call) and _named_private(node):
            found.append((node.lineno, f"{node.func.id}({node.args[1].value!r})"))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, f"import {alias.name}")
                for alias in node.names
                if any(_private(part) for part in alias.name.split("."))
            ]
    return [f"{filename}:{line} {what}" for line, what in sorted(found)]


def test_no_private_name_is_reached_outside_the_internals_modules():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "migrations" not in relative.parts and path.name != "internals.py":
            found += private_names(path.read_text(), str(path.relative_to(PACKAGE.parent)))
    assert found == []


def test_private_imports_super_and_getattr_are_found_and_own_or_dunder_names_are_not():
    source = (
        "import django.utils._os as os_\n"
        "import email.message\n"
        "class Form(BaseForm):\n"
        "    def _clean_fields(self):\n"
        "        super()._clean_fields()\n"
        "        super().__init__()\n"
        "        getattr(self, '_own', None)\n"
        "        getattr(page, '_prefetched_objects_cache', {})\n"
        "        hasattr(user, '_reach')\n"
        "        setattr(cls, '_seen', True)\n"
        "        getattr(page, '__dict__')\n"
    )
    assert private_names(source, "example.py") == [
        "example.py:1 import django.utils._os",
        "example.py:5 super()._clean_fields",
        "example.py:8 getattr('_prefetched_objects_cache')",
        "example.py:9 hasattr('_reach')",
    ]
