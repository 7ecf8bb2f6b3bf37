"""How far a long export has got, told to whoever asked: `progress(fraction, stage)` with the
fraction of the whole done (0 to 1, never going back) and what is being done, in words."""

from collections.abc import Callable

Progress = Callable[[float, str], None]


def progress_ignored(fraction: float, stage: str) -> None:
    """For callers that do not follow the progress."""


def progress_part(progress: Progress, start: float, end: float) -> Progress:
    """A step of the export that takes the share from `start` to `end` of the whole: the step
    counts its own 0 to 1."""

    def report(fraction: float, stage: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), stage)

    return report


def progress_counter(progress: Progress, total: int, label: str) -> Callable[[], None]:
    """Call the returned function once per item done: "Adding stories 120/300"."""
    done = 0

    def one_done() -> None:
        nonlocal done
        done += 1
        progress(done / max(total, 1), f"{label} {done}/{total}")

    return one_done
