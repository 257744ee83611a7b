"""`GOV_REPORT_STARTUP_TRACE=1`: a timeline of the window's start-up on stderr (issue 3).

Each line is one step, with the time since the process started (from the kernel's record, so Python's
own start-up is included; ±10 ms on Linux, where the start is kept in clock ticks) and since the
previous step. Kept in the product because start-up time regresses silently: anyone can run
`GOV_REPORT_STARTUP_TRACE=1 gov-report-desktop FILE` and see which step grew. Costs nothing when off.
"""

from __future__ import annotations

import os
import sys
import time

ENABLED = os.environ.get("GOV_REPORT_STARTUP_TRACE", "") not in ("", "0")

_last: float | None = None


def _since_process_start() -> float | None:
    """Seconds since this process started, or None where the kernel does not say (not Linux)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # clock ticks after boot
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def mark(step: str) -> None:
    """Print `step` with its time on the timeline (only when the trace is on)."""
    global _last
    if not ENABLED:
        return
    now = time.perf_counter()
    elapsed = _since_process_start()
    total = f"{elapsed * 1000:7.1f} ms" if elapsed is not None else "      ? ms"
    delta = f"+{(now - _last) * 1000:6.1f} ms" if _last is not None else " " * 10
    _last = now
    print(f"[start-up] {total} {delta}  {step}", file=sys.stderr, flush=True)
