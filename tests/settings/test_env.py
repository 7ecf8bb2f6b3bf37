"""The one reader of the environment: the README's Configuration table is its contract, and a
bad value stops Milepost with an error that names the variable."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SETTINGS_MODULES = sorted((ROOT / "milepost" / "settings").glob("*.py"))
# Documented for people to set, but read by others: Django (the `milepost` command and
# milepost.wsgi set its default), and boto3 under django-storages and the CloudFront purge.
READ_ELSEWHERE = {"DJANGO_SETTINGS_MODULE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def documented_variables() -> set[str]:
    """Every variable named in the first column of the README's Configuration table."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cell)}


def _reads(node: ast.AST) -> bool:
    """`env.int(...)`, `env.str(...)`… and `required(...)`: a call that reads a variable."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id == "env" and func.attr != "parser_for"
    return isinstance(func, ast.Name) and func.id == "required"


def read_variables() -> set[str]:
    """Every variable the settings read; each is named where it is read, so none is missed."""
    names = set()
    for path in SETTINGS_MODULES:
        if path.name == "env.py":  # the reader itself, which is handed the names
            continue
        for node in filter(_reads, ast.walk(ast.parse(path.read_text()))):
            name = node.args[0]
            assert isinstance(name, ast.Constant), f"{path.name}:{node.lineno}: name it there"
            names.add(name.value)
    return names


def test_every_variable_read_is_documented_and_every_documented_one_is_read():
    documented, read = documented_variables(), read_variables()
    assert len(read) > 50
    assert sorted(read - documented) == [], "read, but not in the README's Configuration table"
    assert sorted(documented - read - READ_ELSEWHERE) == [], "documented, but never read"


def test_the_settings_read_the_environment_only_through_the_reader():
    direct = [
        f"{path.name}:{node.lineno}"
        for path in SETTINGS_MODULES
        for node in ast.walk(ast.parse(path.read_text()))
        if (isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"})
        or (isinstance(node, ast.ImportFrom) and node.module == "os")
    ]
    assert direct == []


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("MILEPOST_MAX_MESSAGE_BYTES", "60MB", "Not a valid integer."),
        ("MILEPOST_MESSAGE_DEADLINE_SECONDS", "two minutes", "Not a valid number."),
        ("EMAIL_USE_TLS", "maybe", "Not a valid boolean."),
        ("LOG_LEVEL", "loud", "Must be one of: DEBUG, INFO, WARNING, ERROR, CRITICAL."),
    ],
)
def test_a_bad_value_stops_milepost_naming_the_variable(tmp_path, variable, value, reason):
    env = {**os.environ, "MILEPOST_DATA_DIR": str(tmp_path), variable: value}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "milepost.manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert f'Environment variable "{variable}" invalid' in last_line
    assert reason in last_line
