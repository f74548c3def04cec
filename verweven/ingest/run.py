"""Ingest a delivery: one atomic, idempotent import run per file, with a report."""

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from verweven.access import Actor
from verweven.errors import InputError
from verweven.ingest.mapper import Mapper
from verweven.ingest.mapping import MappingFile, load_mapping
from verweven.ingest.parallel import MappingPool
from verweven.ingest.readers import iter_rows
from verweven.settings import get_settings
from verweven.store import ImportRun, QuarantineRecord, Store

Progress = Callable[[int], None]
PARALLEL_FROM_BYTES = 100_000  # smaller files map faster inline than chunks travel


@dataclass
class IngestReport:
    """What one file's import run did."""

    mapping: str
    file: str
    dataset: str
    run_id: str = ""
    rows: int = 0
    rows_quarantined: int = 0
    values_quarantined: int = 0
    entities: int = 0
    statements: int = 0
    statements_new: int = 0
    seconds: float = 0.0
    reasons: Counter[str] = field(default_factory=Counter)


def ingest_path(
    store: Store,
    path: Path,
    actor: Actor,
    file: Path | None = None,
    progress: Progress | None = None,
    deliveries: Path | None = None,
) -> list[IngestReport]:
    """Ingest one mapping file, or every ``*.yml`` mapping in a folder (in name order);
    ``deliveries`` is the folder the mappings' source paths are relative to."""
    if not path.is_dir():
        with MappingPool(get_settings().ingest_workers) as pool:
            return ingest_mapping(
                store, load_mapping(path), actor, file, progress, deliveries, pool
            )
    mappings = sorted(path.glob("*.yml"))
    if not mappings:
        raise InputError(f"{path}: no mapping files (*.yml) in this folder")
    if file is not None:
        raise InputError("--file goes with a single mapping file, not a folder")
    loaded = [load_mapping(mapping) for mapping in mappings]  # all valid before any is run
    reports = []
    with MappingPool(get_settings().ingest_workers) as pool:
        for mapping in loaded:
            reports += ingest_mapping(store, mapping, actor, None, progress, deliveries, pool)
    return reports


def ingest_mapping(
    store: Store,
    mapping: MappingFile,
    actor: Actor,
    file: Path | None = None,
    progress: Progress | None = None,
    deliveries: Path | None = None,
    pool: MappingPool | None = None,
) -> list[IngestReport]:
    """Register the mapping's dataset and import each of its files in a run of its own."""
    paths = [file] if file is not None else mapping.source_paths(deliveries)
    if not paths:
        raise InputError(f"{mapping.path}: source {mapping.source.path!r} matches no file")
    store.register_dataset(mapping.dataset, actor)
    mapper = Mapper(mapping)
    pool = pool or MappingPool(workers=1)
    return [ingest_file(store, mapper, path, actor, pool, progress) for path in paths]


def ingest_file(
    store: Store,
    mapper: Mapper,
    path: Path,
    actor: Actor,
    pool: MappingPool,
    progress: Progress | None = None,
) -> IngestReport:
    """Import one delivery file atomically: a file that cannot be read writes nothing."""
    mapping = mapper.mapping
    report = IngestReport(mapping=str(mapping.path), file=str(path), dataset=mapper.dataset)
    started = time.perf_counter()
    with store.import_run(mapper.dataset, source=str(path), actor=actor) as run:
        run.write_tables(iter_statements(mapper, path, run, report, pool, progress))
    report.run_id = run.id
    report.statements_new = run.statements_new
    report.seconds = time.perf_counter() - started
    return report


def iter_statements(
    mapper: Mapper,
    path: Path,
    run: ImportRun,
    report: IngestReport,
    pool: MappingPool,
    progress: Progress | None,
) -> Iterator[pa.Table]:
    """Statements of every readable record, a chunk at a time; refused rows and values go to
    quarantine."""
    mapping = mapper.mapping
    rows = iter_rows(path, mapping.source, mapping.source_columns())
    large = path.is_file() and path.stat().st_size > PARALLEL_FROM_BYTES
    for chunk in pool.iter_mapped(mapper, rows, large):
        for mapped in chunk.records:
            report.rows += 1
            if progress is not None and report.rows % 10_000 == 0:
                progress(report.rows)
            if mapped.refused is not None:
                refuse_row(run, report, path, mapped.line, mapped.refused, mapped.raw)
                continue
            for problem in mapped.problems:
                run.quarantine(
                    QuarantineRecord(
                        file=str(path),
                        line=mapped.line,
                        field=problem.field,
                        value=problem.value,
                        reason=problem.reason,
                        record_id=mapped.record_id,
                    )
                )
                report.values_quarantined += 1
                report.reasons[f"{problem.field}: {problem.reason}"] += 1
            report.entities += len(mapped.entity_ids)
        report.statements += chunk.statements.num_rows
        yield chunk.statements


def refuse_row(
    run: ImportRun, report: IngestReport, path: Path, line: int, reason: str, raw: str
) -> None:
    run.quarantine(QuarantineRecord(file=str(path), line=line, reason=reason, raw=raw))
    report.rows_quarantined += 1
    report.reasons[f"row: {reason}"] += 1
