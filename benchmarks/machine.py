"""Where and when a benchmark ran: the lines every benchmark script prints under its table."""

from __future__ import annotations

import datetime
import os
import platform


def cpu_model() -> str:
    """The processor's name from /proc/cpuinfo, or what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine slows every timing)."""
    if not hasattr(os, "getloadavg"):
        return "unknown"
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def describe() -> list[str]:
    """Markdown list items: date, machine, processor and cores, Python and numpy versions."""
    import numpy as np

    now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    return [
        f"- date: {now}",
        f"- machine: {platform.system()} {platform.release()}, {cpu_model()}, "
        f"{os.cpu_count()} logical cores",
        f"- python {platform.python_version()}, numpy {np.__version__}",
    ]
