"""The set-up a newcomer reads is the one CI runs."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_starts_with_the_two_commands_ci_uses():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci
    assert "DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make test" in ci
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^serve:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "milepost.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "stories.example.com",
        "MILEPOST_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' setting, not a deployment's
    result = subprocess.run(
        [sys.executable, "-m", "milepost.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "milepost.settings.production"}
    env.pop("SECRET_KEY", None)
    env["MILEPOST_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "milepost.manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_static_files_are_collected(tmp_path):
    """Production's manifest storage fails every page whose stylesheet was not collected."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "milepost.settings.production",
        "SECRET_KEY": "x" * 50,
        "MILEPOST_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "milepost.manage", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert '"css/milepost.css"' in manifest


def test_the_pre_commit_template_hook_covers_every_template():
    # pre-commit passes a hook only the files its pattern matches; a pattern that matches none
    # skips the hook silently on every commit.
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    hook = config.split("id: djhtml", 1)[1].split("- id:", 1)[0]
    pattern = re.search(r"^\s*files:\s*(\S+)\s*$", hook, re.M).group(1)
    found = (ROOT / "milepost").rglob("templates/**/*.html")
    templates = [path.relative_to(ROOT).as_posix() for path in found]
    assert templates
    assert [path for path in templates if not re.search(pattern, path)] == []
