"""`python -m bench.book_export` (`make bench-book`): exporting a 300-story anthology.

Writes a distinct 12-megapixel JPEG for every story, then runs, each in its own process so that
its peak memory (max RSS) is its own:
1. the baseline: decoding and re-encoding every photo once with Pillow at full size;
2. the DOCX manuscript, the EPUB and the print PDF (the PDF/X-4 interior) of the book, and its
   cover (which writes the print PDF once to count its pages, then the cover page).
Prints wall and CPU seconds and peak memory per format against the targets (60 s, 1 GiB) and
the baseline.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from milepost.anthology.book.manuscript import (
    PERMISSION_GRANTED,
    Entry,
    Manuscript,
    Photo,
    Section,
)

LABELS = {"pdf": "pdf (PDF/X-4 interior)"}
TARGET_SECONDS = 60
TARGET_MIB = 1024

# Run in a child process: the baseline, and the exporter writing one format.
BASELINE = """
import io, sys
from pathlib import Path
from PIL import Image

from milepost.anthology.book.manuscript import (
    PERMISSION_GRANTED,
    Entry,
    Manuscript,
    Photo,
    Section,
)
for path in sorted(Path(sys.argv[1]).glob("story-*.jpg")):
    with Image.open(path) as image:
        image.load()
        image.save(io.BytesIO(), "JPEG", quality=90)
"""

EXPORT = """
import sys
from pathlib import Path
from bench.book_export import book_build
from milepost.anthology.book.cover import cover_export_write
from milepost.anthology.book.docx import manuscript_docx_write
from milepost.anthology.book.epub import manuscript_epub_write
from milepost.anthology.book.pdf import manuscript_pdf_write
writers = {
    "docx": manuscript_docx_write, "epub": manuscript_epub_write, "pdf": manuscript_pdf_write,
    "cover": cover_export_write,
}
folder, count, kind = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
writers[kind](book_build(folder, count), folder / f"book.{kind}")
"""

WORDS = ["mile", "hill", "road", "breath", "finish", "start", "rain", "morning", "friend",
         "daughter", "father", "race", "slow", "fast", "cried", "laughed", "shoes", "corner",
         "river", "bridge", "light", "dark", "cold", "warm"]  # fmt: skip


def twelve_megapixel_jpeg(path: Path) -> None:
    # Noise, not a flat colour: a flat image would compress to nothing and decode unrealistically.
    # Each photo its own noise, so no exporter can share one image between stories.
    noise = Image.effect_noise((400, 300), 40).convert("RGB").resize((4000, 3000))
    noise.save(path, "JPEG", quality=85)


def photos_write(folder: Path, count: int) -> None:
    with multiprocessing.Pool() as pool:
        pool.map(twelve_megapixel_jpeg, [folder / f"story-{number}.jpg" for number in range(count)])


def book_build(folder: Path, count: int):
    """300-word stories, each with its own photo file, in sections of 25."""
    entries = []
    for number in range(count):
        words = [WORDS[(number * 7 + index * 13) % len(WORDS)] for index in range(300)]
        paragraphs = [
            " ".join(words[start : start + 60]).capitalize() + "." for start in range(0, 300, 60)
        ]
        photo = Photo(
            source=folder / f"story-{number}.jpg",
            width=4000,
            height=3000,
            caption=f"Runner {number} at the finish",
            alt_text=f"Runner {number} crossing a finish line",
            credit=f"Runner {number}",
        )
        entries.append(
            Entry(
                title=f"Story {number + 1}: the mile that mattered",
                byline=f"Leeds, UK runner Runner {number}, 40",
                paragraphs=paragraphs,
                photos=(photo,),
                contributor_name=f"Runner {number}",
                contributor_email=f"runner{number}@example.com",
                word_limit=500,
                reference=f"SUB-{number:05d}",
                permission=PERMISSION_GRANTED,
            )
        )
    sections = [
        Section(f"Part {start // 25 + 1}", entries[start : start + 25])
        for start in range(0, count, 25)
    ]
    return Manuscript(
        title="Most Important Miles",
        subtitle="Benchmark edition",
        editors=("Ada Editor", "Ben Reader"),
        isbn="978-3-16-148410-0",
        sections=sections,
        # The first story's 12-megapixel photo on the front: the cover decodes one more.
        cover=Photo(source=folder / "story-0.jpg", width=4000, height=3000),
        blurb="Three hundred readers on the mile that mattered most. " * 6,
    )


def timed_process(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, all threads) and peak RSS in MiB of one child
    process, from its own rusage through wait4."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=Path(__file__).parent.parent)  # noqa: S603
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(command[-2:])} failed with exit code {status}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def run(count: int, kinds: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="milepost-bench-book-") as folder:
        folder = Path(folder)
        print(f"Writing {count} photos of 12 megapixels…", flush=True)
        photos_write(folder, count)
        photo_mib = sum(p.stat().st_size for p in folder.glob("story-*.jpg")) / 2**20
        print(f"  {photo_mib:,.0f} MiB of JPEG", flush=True)
        print("Decode and re-encode every photo once (baseline)…", flush=True)
        baseline = timed_process([sys.executable, "-c", BASELINE, str(folder)])
        rows = [("decode+encode photos (baseline)", *baseline, None)]
        for kind in kinds:
            print(f"Export {kind}…", flush=True)
            measured = timed_process([sys.executable, "-c", EXPORT, str(folder), str(count), kind])
            size = (folder / f"book.{kind}").stat().st_size / 2**20
            rows.append((f"{LABELS.get(kind, kind)} export", *measured, size))
        report(count, rows)


def report(count: int, rows) -> None:
    base_seconds = rows[0][1]
    print()
    print(
        f"{'run':<32} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9} {'file MiB':>9} "
        f"{'vs baseline':>12}  target"
    )
    print("-" * 92)
    for name, seconds, cpu, rss, size in rows:
        if size is None:
            print(f"{name:<32} {seconds:>8.1f} {cpu:>7.1f} {rss:>9,} {'':>9} {'baseline':>12}")
            continue
        verdict = "PASS" if seconds < TARGET_SECONDS and rss < TARGET_MIB else "OVER"
        ratio = f"{seconds / base_seconds:.2f}x"
        print(
            f"{name:<32} {seconds:>8.1f} {cpu:>7.1f} {rss:>9,} {size:>9.1f} {ratio:>12}  {verdict}"
        )
    print()
    print(
        f"{count} stories, one 12-megapixel photo each; target per format: under "
        f"{TARGET_SECONDS} s and under {TARGET_MIB:,} MiB peak memory."
    )
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores:
        print(
            f"The machine was busy (load average {load:.1f} on {cores} cores): the seconds are "
            "inflated; compare the 'vs baseline' column."
        )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.book_export", description=__doc__)
    parser.add_argument("--stories", type=int, default=300, help="stories in the book (300)")
    parser.add_argument(
        "--formats",
        nargs="+",
        default=["docx", "epub", "pdf", "cover"],
        choices=["docx", "epub", "pdf", "cover"],
    )
    arguments = parser.parse_args(argv)
    run(arguments.stories, arguments.formats)


if __name__ == "__main__":
    main()
