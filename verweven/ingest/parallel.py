"""Map records in worker processes: mapping is pure CPU work, the store writes in the main one.

Chunks are read in the main process (so a file that turns out unreadable aborts the run there)
and results come back in submission order, so an ingest is as deterministic in parallel as it
is inline. A chunk comes back as one Arrow table of statements plus the per-row outcomes, which
costs far less to send than Python objects. Workers are started with ``spawn``: forking a
process that holds an open database connection is not safe.
"""

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

import pyarrow as pa

from verweven.errors import ResourceError
from verweven.ingest.compiled import make_mapper
from verweven.ingest.mapper import MappedRecord, Mapper
from verweven.ingest.mapping import load_mapping
from verweven.ingest.rows import Row

CHUNK_ROWS = 2_000
PARENT_CHECK_SECONDS = 1.0
RESULT_POLL_SECONDS = 2.0  # how often a wait for a chunk checks that every worker lives

_WORKER_MAPPERS: dict[str, Mapper] = {}


@dataclass
class MappedChunk:
    """Mapped rows in file order (their statements moved into ``statements``)."""

    records: list[MappedRecord]
    statements: pa.Table


def map_rows(mapper: Mapper, rows: list[Row]) -> MappedChunk:
    return MappedChunk(*mapper.map_chunk(rows))


def map_chunk(mapping_path: str, rows: list[Row]) -> MappedChunk:
    """Worker side: map one chunk with the (cached) mapper of a mapping file."""
    mapper = _WORKER_MAPPERS.get(mapping_path)
    if mapper is None:
        mapper = _WORKER_MAPPERS[mapping_path] = make_mapper(load_mapping(Path(mapping_path)))
    return map_rows(mapper, rows)


def exit_with_parent(parent: int) -> None:
    """Worker initialiser: leave when the ingesting process is gone (even by SIGKILL, which
    gives the pool no chance to stop its workers), instead of lingering as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


def _any_worker_died(executor: ProcessPoolExecutor) -> bool:
    # The executor's own table of its processes (private, but stable since Python 3.3).
    processes = getattr(executor, "_processes", None) or {}
    return any(process.exitcode is not None for process in list(processes.values()))


class MappingPool:
    """A pool of mapping workers shared by the files of one ingest (started lazily)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> "MappingPool":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def _result(self, future: Future[MappedChunk]) -> MappedChunk:
        """The future's result, or BrokenProcessPool when a worker has died. Python 3.11's
        executor can miss a worker killed while the pool feeds it a chunk (its feeder thread
        then blocks on the dead worker's pipe) and wait for ever: look ourselves."""
        assert self._executor is not None
        while True:
            try:
                return future.result(timeout=RESULT_POLL_SECONDS)
            except FutureTimeout:
                if _any_worker_died(self._executor):
                    raise BrokenProcessPool("a mapping worker died") from None

    def iter_mapped(
        self, mapper: Mapper, rows: Iterable[Row], large: bool, name: str = ""
    ) -> Iterator[MappedChunk]:
        """Mapped chunks in file order; small files (in bytes, or rows: a single chunk, say
        ten rows of which one is huge) are mapped inline. A worker that dies (killed, out of
        memory) is a ResourceError naming the file (``name``)."""
        iterator = iter(rows)
        chunks: Iterator[list[Row]] = iter(lambda: list(islice(iterator, CHUNK_ROWS)), [])
        ahead = list(islice(chunks, 2))
        if self.workers <= 1 or not large or len(ahead) < 2:
            for chunk in chain(ahead, chunks):
                yield map_rows(mapper, chunk)
            return
        if self._executor is None:
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=exit_with_parent,
                initargs=(os.getpid(),),
            )
        pending: deque[Future[MappedChunk]] = deque()
        path = str(mapper.mapping.path.resolve())
        try:
            for chunk in chain(ahead, chunks):
                pending.append(self._executor.submit(map_chunk, path, chunk))
                if len(pending) > 2 * self.workers:
                    yield self._result(pending.popleft())
            while pending:
                yield self._result(pending.popleft())
        except BrokenProcessPool:
            # A broken pool takes no more work; a next file starts a new one.
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            raise ResourceError(
                f"{name}: a mapping worker process died (killed, or out of memory?) while this "
                "file was mapped; nothing of it was written. Run it again, or set "
                "VERWEVEN_INGEST_WORKERS=1 to map in the ingesting process itself"
            ) from None
