"""The shipped systemd units: valid to systemd itself, sandboxed, and private in what they write."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.servers import REPO

UNITS = sorted((REPO / "deploy" / "systemd").glob("*.service"))
ENVIRONMENT_EXAMPLE = REPO / "deploy" / "milepost.env.example"

pytestmark = pytest.mark.skipif(
    not shutil.which("systemd-analyze"),
    reason="systemd-analyze (Debian's systemd) is not installed",
)


def installed(unit: Path, folder: Path) -> Path:
    """The unit as installed, with /srv/milepost's venv being this one (verify wants the programs
    it starts to exist)."""
    path = folder / unit.name
    venv_bin = str(Path(sys.executable).parent) + "/"
    path.write_text(unit.read_text().replace("/srv/milepost/.venv/bin/", venv_bin))
    return path


def test_there_are_units_to_check():
    assert [unit.name for unit in UNITS] == [
        "milepost-scheduler.service",
        "milepost-web.service",
        "milepost-worker.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.stem)
def test_systemd_analyze_verify_passes(unit, tmp_path):
    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", str(installed(unit, tmp_path))],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""  # not even a warning about an unknown key


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.stem)
def test_each_unit_is_sandboxed(unit, tmp_path):
    """As systemd itself reads the unit: ✓ for each protection the deployment relies on."""
    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "security", "--offline=true", str(installed(unit, tmp_path))],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    passed = set(re.findall(r"^✓ (\S+)", result.stdout, flags=re.MULTILINE))
    assert {
        "UMask=",
        "ProtectSystem=",
        "ProtectHome=",
        "PrivateTmp=",
        "NoNewPrivileges=",
        "RestrictAddressFamilies=~AF_PACKET",
        "RestrictAddressFamilies=~AF_NETLINK",
    } <= passed, result.stdout


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.stem)
def test_each_unit_writes_only_to_the_data_folder(unit):
    data_dir = re.search(r"^MILEPOST_DATA_DIR=(.+)$", ENVIRONMENT_EXAMPLE.read_text(), re.M)
    service = unit.read_text()
    assert re.search(r"^ProtectSystem=strict$", service, re.M)
    assert re.findall(r"^ReadWritePaths=(.+)$", service, re.M) == [data_dir.group(1)]
