"""The developers' guide: a function is small enough to read at once, 40 lines at most.

Migrations are left out: Django writes them, and their data steps run once.
"""

import ast
from pathlib import Path

import milepost

LIMIT = 40
PACKAGE = Path(milepost.__file__).parent


def long_functions(source: str, filename: str) -> list[str]:
    """`path:line name (n lines)` for each function or method in `source` over the limit."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = node.end_lineno - node.lineno + 1
            if lines > LIMIT:
                found.append(f"{filename}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_in_milepost_is_over_40_lines():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.relative_to(PACKAGE).parts:
            found += long_functions(path.read_text(), str(path.relative_to(PACKAGE.parent)))
    assert found == []


def _method(name: str, lines: int) -> str:
    body = "".join(f"        x{n} = {n}\n" for n in range(lines - 1))
    return f"    async def {name}(self):\n{body}"


def test_a_method_of_41_lines_is_found_and_one_of_40_is_not():
    source = f"class A:\n{_method('fits', LIMIT)}{_method('too_long', LIMIT + 1)}"
    assert long_functions(source, "example.py") == [f"example.py:{LIMIT + 2} too_long (41 lines)"]
