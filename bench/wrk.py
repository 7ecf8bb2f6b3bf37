"""Load from Debian's wrk: one run against one URL, and its summary parsed."""

import os
import re
import subprocess
from dataclasses import dataclass

UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


@dataclass
class WrkResult:
    requests: int
    rate: float  # successful (2xx/3xx) responses per second
    p50: float  # seconds
    p99: float
    errors: int  # non-2xx/3xx responses and socket errors
    load: float  # the machine's 1-minute load average at the end of the run
    output: str


def _seconds(text: str) -> float:
    """wrk's "812.00us", "3.41ms", "1.02s"; nan when no request finished (wrk prints "-nanus")."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


def parse(output: str) -> tuple[int, float, float, float, int]:
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50, p99 = (
        _seconds(m.group(1))
        if (m := re.search(rf"^ +{q}% +(\S+) *$", output, re.MULTILINE))
        else float("nan")
        for q in (50, 99)
    )
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    sockets = re.search(r"Socket errors: (.*)", output)
    if sockets:
        errors += sum(int(n) for n in re.findall(r"\d+", sockets.group(1)))
    if errors:  # wrk counts errors in its total; the rate is of good responses
        rate = rate * max(requests - errors, 0) / requests if requests else 0.0
    return requests, rate, p50, p99, errors


def run(
    url: str,
    *,
    threads: int,
    connections: int,
    duration: float,
    headers: dict,
    script: str | None = None,
) -> WrkResult:
    """`script`: a wrk Lua script's path (a POST sets `wrk.method` there)."""
    # A 30 s timeout (wrk's default is 2 s): a slow page is measured, not counted as an error.
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration:g}s",
        "--timeout",
        "30s",
        "--latency",
    ]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    if script:
        args += ["-s", script]
    completed = subprocess.run(
        [*args, url], capture_output=True, text=True, timeout=duration + 60, check=False
    )
    if completed.returncode != 0 or "Requests/sec" not in completed.stdout:
        raise RuntimeError(f"wrk failed on {url}: {completed.stdout}{completed.stderr}")
    return WrkResult(*parse(completed.stdout), load=os.getloadavg()[0], output=completed.stdout)


def paced_script(
    rate: float, threads: int, *, method: str = "GET", headers: dict | None = None
) -> str:
    """A wrk Lua script that offers `rate` requests a second in all (wrk has no such option):
    each of wrk's `threads` sends its next request at the next tick of its own clock, whichever
    of its connections is free, so a slow answer does not lower the rate offered after it."""
    lines = [
        'local ffi = require("ffi")',
        "ffi.cdef[[typedef struct { long tv_sec; long tv_nsec; } timespec;"
        " int clock_gettime(int clock, timespec *now);]]",
        'local now = ffi.new("timespec")',
        "local function now_ms()",
        "  ffi.C.clock_gettime(1, now)  -- CLOCK_MONOTONIC",
        "  return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6",
        "end",
        f"local interval = {threads * 1000 / rate!r}",
        "local next_at = nil",
        "function delay()",
        "  local at = now_ms()",
        "  next_at = math.max(next_at or at, at - interval) + interval",
        "  return math.max(next_at - at, 0)",
        "end",
        f'wrk.method = "{method}"',
    ]
    lines += [f'wrk.headers["{name}"] = "{value}"' for name, value in (headers or {}).items()]
    return "\n".join(lines) + "\n"
