"""`python -m bench.mail_import` (`make bench-mail`): how fast `milepost import_mail` takes an mbox.

Generates an mbox of story emails (a third carrying a 12-megapixel JPEG), then, in the same run:
1. the baseline: the standard library alone parsing every message of that mbox
   (mailbox + BytesParser with policy.default, walking every part's content);
2. `milepost import_mail` into a throwaway SQLite site.
Each runs in its own process, so its peak memory (max RSS) is its own. Prints messages/s, peak
memory, and the import's time as a multiple of the baseline's.
"""

import argparse
import io
import json
import mailbox
import os
import random
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from PIL import Image

BASELINE = """
import mailbox, sys
from email.parser import BytesParser
from email.policy import default
parser = BytesParser(policy=default)
box = mailbox.mbox(sys.argv[1], create=False)
count = 0
for key in box.iterkeys():
    message = parser.parsebytes(box.get_bytes(key))
    for part in message.walk():
        if not part.is_multipart():
            part.get_content()
    count += 1
print(count)
"""

WORDS = [
    "mile",
    "hill",
    "road",
    "breath",
    "finish",
    "start",
    "rain",
    "morning",
    "friend",
    "daughter",
    "father",
    "race",
    "slow",
    "fast",
    "cried",
    "laughed",
    "shoes",
    "corner",
    "river",
    "bridge",
    "light",
    "dark",
    "cold",
    "warm",
]


def twelve_megapixel_jpeg() -> bytes:
    # Noise, not a flat colour: a flat image would compress to nothing and decode unrealistically.
    noise = Image.effect_noise((400, 300), 40).convert("RGB").resize((4000, 3000))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def story_message(number: int, photo: bytes | None, rng: random.Random) -> bytes:
    message = EmailMessage()
    message["From"] = f"Runner {number} <runner{number}@example.com>"
    message["To"] = "mile@milepost.example"
    message["Subject"] = f"Most Important Mile: story {number}"
    message["Message-ID"] = f"<bench-{number}@example.com>"
    message["Date"] = "Wed, 25 Nov 2026 09:15:00 -0000"
    paragraphs = [" ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(4)]
    message.set_content("\n\n".join(paragraphs) + f"\n\nRunner {number}, 40, Leeds, UK\n")
    if photo:
        message.add_attachment(photo, maintype="image", subtype="jpeg", filename="mile.jpg")
    return bytes(message)


def mbox_write(path: Path, count: int) -> int:
    rng = random.Random(5000)  # noqa: S311 (test data)
    photo = twelve_megapixel_jpeg()
    box = mailbox.mbox(path)
    with_photo = 0
    for number in range(count):
        carries_photo = number % 3 == 0
        with_photo += carries_photo
        box.add(story_message(number, photo if carries_photo else None, rng))
    box.flush()
    box.close()
    return with_photo


def timed_process(command: list[str], env: dict) -> tuple[float, int, str]:
    """Wall time, peak RSS in MiB, and stdout of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command[:4])}… failed with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss // 1024, output


def run(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="milepost-bench-mail-") as folder:
        folder = Path(folder)
        mbox_path = folder / "stories.mbox"
        print(f"Writing an mbox of {count} messages…", flush=True)
        with_photo = mbox_write(mbox_path, count)
        size_mib = mbox_path.stat().st_size / 2**20
        print(f"  {size_mib:,.0f} MiB, {with_photo} messages with a 12-megapixel JPEG", flush=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "milepost.settings.dev",
            "MILEPOST_DATA_DIR": str(folder / "site"),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("DATABASE_URL", None)
        manage = [sys.executable, "-m", "milepost.manage"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [*manage, "shell", "-c", CALLOUT_CREATE], env=env, check=True, capture_output=True
        )
        print("Standard library parse (baseline)…", flush=True)
        base_time, base_rss, _ = timed_process(
            [sys.executable, "-c", BASELINE, str(mbox_path)], env
        )
        print("milepost import_mail…", flush=True)
        import_time, import_rss, output = timed_process(
            [*manage, "import_mail", "--json", str(mbox_path)], env
        )
        counts = json.loads(output)
        report(count, base_time, base_rss, import_time, import_rss, counts)


CALLOUT_CREATE = (
    "from milepost.callouts.models import Callout; "
    "Callout.objects.get_or_create(slug='most-important-mile', "
    "defaults={'title': 'Most Important Mile', 'prompt': 'What was your most important mile?'})"
)


def report(count, base_time, base_rss, import_time, import_rss, counts) -> None:
    print()
    print(f"{'run':<28} {'seconds':>8} {'messages/s':>11} {'peak MiB':>9} {'vs baseline':>12}")
    print("-" * 72)
    rows = [
        ("stdlib parse (baseline)", base_time, base_rss),
        ("milepost import_mail", import_time, import_rss),
    ]
    for name, seconds, rss in rows:
        ratio = "baseline" if seconds is base_time else f"{seconds / base_time:.1f}x slower"
        print(f"{name:<28} {seconds:>8.1f} {count / seconds:>11.1f} {rss:>9,} {ratio:>12}")
    print()
    outcome = ", ".join(
        f"{counts[key]} {key}" for key in ("submissions", "duplicates", "unrouted", "failed")
    )
    print(f"Import outcome: {outcome}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.mail_import", description=__doc__)
    parser.add_argument("--messages", type=int, default=5000, help="messages in the mbox (5000)")
    run(parser.parse_args(argv).messages)


if __name__ == "__main__":
    main()
