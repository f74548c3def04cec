"""Run every benchmark (``make bench``); each rewrites its own section of BENCHMARKS.md."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    names = sorted(p.stem for p in HERE.glob("*_bench.py"))
    for name in names:
        print(f"== {name}", flush=True)
        subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=True, cwd=HERE.parent)


if __name__ == "__main__":
    main()
