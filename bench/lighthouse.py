"""`make bench-lighthouse`: Lighthouse's four scores for a story, a callout page and the form.

A throwaway site (SQLite, the demo content, production settings, gunicorn) is audited by the
npm `lighthouse` package driving Debian's Chromium with its default phone profile. Lighthouse
is installed with npm into bench/.lighthouse (ignored by git) the first time.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .load import fetch
from .site import HOST, Gunicorn, StepFailed, free_port, run_step, site_environment

BENCH_DIR = Path(__file__).resolve().parent
LIGHTHOUSE_DIR = BENCH_DIR / ".lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def lighthouse_install() -> None:
    if LIGHTHOUSE.exists():
        return
    LIGHTHOUSE_DIR.mkdir(exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(LIGHTHOUSE_DIR),
            "lighthouse@12",
        ],
        check=True,
    )


def site_prepare(data_dir: Path, log: Path) -> dict[str, str]:
    env, _ = site_environment(data_dir, "milepost.settings.production")
    python = [sys.executable, "-m", "milepost.manage"]
    run_step([*python, "migrate", "--noinput", "-v0"], env, log=log)
    run_step([*python, "collectstatic", "--noinput", "-v0"], env, log=log)
    run_step([*python, "load_demo"], env, log=log)
    # What the worker does after a publish on a real site: make every picture's renditions.
    run_step([*python, "db_worker", "--batch"], env, log=log)
    # The demo's site is "localhost"; canonical links and images must point where we serve.
    run_step([*python, "shell", "-c", _SITE_AT_HOST], env, log=log)
    return env


_SITE_AT_HOST = (
    "from wagtail.models import Site; "
    f"Site.objects.filter(is_default_site=True).update(hostname='{HOST}', port=int("
    "__import__('os').environ['MILEPOST_BENCH_PORT']))"
)


def pages(env: dict[str, str], log: Path) -> dict[str, str]:
    """The paths of one story, its callout page and the callout's web form."""
    code = (
        "from milepost.stories.models import StoryPage, StoryIndexPage; "
        "index = StoryIndexPage.objects.live().first(); "
        "story = StoryPage.objects.live().child_of(index).first(); "
        "print(story.url); print(index.url); print(index.url + 'submit/')"
    )
    out = run_step([sys.executable, "-m", "milepost.manage", "shell", "-c", code], env, log=log)
    story, callout, form = out.split()[-3:]
    return {"story": story, "callout page": callout, "form": form}


def audit(url: str, out: Path) -> dict[str, int]:
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    args = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    for _ in range(3):  # a run that reports NO_NAVSTART succeeds when repeated (NOTES.md)
        subprocess.run(args, env=env, check=False, capture_output=True)
        if out.exists():
            report = json.loads(out.read_text())
            scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
            if None not in scores.values():
                return {c: round(score * 100) for c, score in scores.items()}
    raise StepFailed(f"Lighthouse could not audit {url}", out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the site's folder and reports")
    options = parser.parse_args()
    lighthouse_install()
    data_dir = Path(tempfile.mkdtemp(prefix="milepost-lighthouse-"))
    log = data_dir / "bench.log"
    port = free_port()
    os.environ["MILEPOST_BENCH_PORT"] = str(port)
    try:
        env = site_prepare(data_dir, log)
        paths = pages(env, log)
        rows = []
        with Gunicorn(env, port=port, workers=2, threads=1, log=log) as server:
            server.wait_until_ready("/robots.txt")
            for name, path in paths.items():
                fetch(HOST, port, path)  # as a visitor before the audit would have
                scores = audit(f"http://{HOST}:{port}{path}", data_dir / f"{name}.json")
                rows.append((name, path, scores))
    except StepFailed as failure:
        print(f"{failure}\n{failure.log_tail()}", file=sys.stderr)
        return 1
    finally:
        if not options.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"{'page':<14} {'path':<45} " + " ".join(f"{c[:13]:>14}" for c in CATEGORIES))
    for name, path, scores in rows:
        print(f"{name:<14} {path:<45} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
    all_full = all(score == 100 for _, _, scores in rows for score in scores.values())
    print("target (100 in every category):", "PASS" if all_full else "NOT MET")
    return 0 if all_full else 1


if __name__ == "__main__":
    sys.exit(main())
