"""Shared helpers for benchmarks: the machine description, medians, and BENCHMARKS.md sections.

Each benchmark owns one section of BENCHMARKS.md, delimited by HTML comments, and rewrites only
that section, so benchmarks can be run one at a time.
"""

import os
import platform
import re
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
HEADER = (
    "# Benchmarks\n\nMeasured figures; each section is rewritten by its benchmark (`make bench`).\n"
)


def describe_machine() -> str:
    """One line naming the CPU, core count, memory, OS and Python of this machine."""
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu_model()}, {os.cpu_count()} cores, {mem_gib:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def cpu_model() -> str:
    """The processor's model name: rows kept between sessions may come from other machines."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, for a section's machine line."""
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def median_seconds(action: Callable[[], object], runs: int = 3) -> float:
    """Median wall time of ``runs`` calls of ``action``."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


@dataclass(frozen=True)
class MeasuredRun:
    """What ``run_measured`` saw of one child process."""

    wall_s: float
    peak_mib: float
    output: str
    timed_out: bool = False
    exit_code: int = 0


def run_measured(
    command: list[str],
    stdout: int | None = subprocess.DEVNULL,
    timeout: float | None = None,
    check: bool = True,
) -> MeasuredRun:
    """Run a command in a child process: wall seconds, peak resident MiB of *that* child and
    its output (with ``stdout=subprocess.PIPE``). A child still running after ``timeout``
    seconds is killed and reported as timed out (a peer that does not finish is a result);
    with ``check=False`` a child that fails otherwise (the kernel's OOM killer) is reported
    by its exit code instead of raising.

    The peak comes from ``wait4`` on the child itself: ``RUSAGE_CHILDREN`` would report the
    largest of every child this process ever waited for, not the one measured."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, text=True)
    timer = threading.Timer(timeout, process.kill) if timeout else None
    if timer is not None:
        timer.start()
    output = process.stdout.read() if process.stdout is not None else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    timed_out = timer is not None and not timer.is_alive()
    if timer is not None:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode and not timed_out and check:
        raise subprocess.CalledProcessError(process.returncode, command, output)
    return MeasuredRun(wall, usage.ru_maxrss / 1024, output, timed_out, process.returncode)


def write_section(name: str, markdown: str) -> None:
    """Replace (or append) the section ``name`` of BENCHMARKS.md with ``markdown``."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    text = BENCHMARKS_MD.read_text() if BENCHMARKS_MD.exists() else HEADER
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{block}\n"
    BENCHMARKS_MD.write_text(text)
