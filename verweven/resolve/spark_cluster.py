"""A Spark standalone cluster on this machine: a master and a worker, each a process of its own,
started from the pyspark installation (its ``bin/spark-class``), so resolution's Spark backend
runs against a real cluster and not only in local mode. A cluster of many machines starts the
same two classes on each (docs/operations.md).

    python -m verweven.resolve.spark_cluster start [--folder out/spark] [--cores 2] [--memory 4g]
    python -m verweven.resolve.spark_cluster stop  [--folder out/spark]

``start`` prints the master's URL (``spark://127.0.0.1:7077``) for ``VERWEVEN_SPARK_MASTER``.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from verweven.errors import ResourceError

MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
REGISTERED = re.compile(r"Successfully registered with master (spark://\S+)")
START_SECONDS = 120


@dataclass(frozen=True)
class Cluster:
    """A running cluster: the master's URL and the two processes' ids."""

    url: str
    master_pid: int
    worker_pid: int


def spark_home() -> Path:
    """The pyspark installation, which holds Spark's jars and ``bin/spark-class``."""
    import pyspark

    return Path(pyspark.__file__).parent


def start_cluster(
    folder: Path, port: int = 7077, cores: int = 1, memory: str = "2g", host: str = "127.0.0.1"
) -> Cluster:
    """Start a master and one worker (logs and pids in ``folder``); return once the worker has
    registered with the master, or raise naming the log to read."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SPARK_HOME": str(spark_home()), "PYSPARK_PYTHON": sys.executable}
    spark_class = str(spark_home() / "bin" / "spark-class")
    url = f"spark://{host}:{port}"
    master = _spawn(
        [spark_class, MASTER_CLASS, "--host", host, "--port", str(port), "--webui-port", "0"],
        folder / "master.log", env,
    )  # fmt: skip
    worker_log = folder / "worker.log"
    worker = _spawn(
        [spark_class, WORKER_CLASS, url, "--cores", str(cores), "--memory", memory,
         "--webui-port", "0", "--work-dir", str(folder / "work")],
        worker_log, env,
    )  # fmt: skip
    (folder / "pids").write_text(f"{master.pid} {worker.pid}\n", encoding="utf-8")
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if REGISTERED.search(worker_log.read_text(encoding="utf-8", errors="replace")):
            return Cluster(url, master.pid, worker.pid)
        if master.poll() is not None or worker.poll() is not None:
            break
        time.sleep(0.5)
    stop_cluster(folder)
    raise ResourceError(
        f"the Spark cluster did not start within {START_SECONDS} s: see {folder / 'master.log'} "
        f"and {worker_log}"
    )


def stop_cluster(folder: Path) -> None:
    """Stop the master and worker whose pids ``start_cluster`` wrote in ``folder``."""
    pids = folder / "pids"
    if not pids.exists():
        return
    for pid in (int(p) for p in pids.read_text(encoding="utf-8").split()):
        with suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    pids.unlink()


@contextmanager
def running_cluster(folder: Path, port: int, cores: int = 1, memory: str = "2g") -> Iterator[str]:
    """A cluster for the duration of a ``with`` block; yields the master's URL."""
    cluster = start_cluster(folder, port, cores, memory)
    try:
        yield cluster.url
    finally:
        stop_cluster(folder)


def _spawn(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        # A session of its own, so that stopping it stops the JVM spark-class starts.
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--folder", type=Path, default=Path("out/spark"))
    parser.add_argument("--port", type=int, default=7077)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory", default="4g")
    args = parser.parse_args()
    if args.action == "stop":
        stop_cluster(args.folder)
        return
    cluster = start_cluster(args.folder, args.port, args.cores, args.memory)
    print(cluster.url)


if __name__ == "__main__":
    main()
