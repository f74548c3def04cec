"""Ingest a delivery: one atomic, idempotent import run per file — or, with ``atomic``, one
transaction for the whole delivery — each file's rows reconciled and reported."""

import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path

import pyarrow as pa

from verweven.access import Actor
from verweven.errors import InputError, VerwevenError
from verweven.ingest.archive import DeliveryFile, unpacked
from verweven.ingest.compiled import make_mapper
from verweven.ingest.mapper import Mapper
from verweven.ingest.mapping import MappingFile, load_mapping
from verweven.ingest.parallel import MappingPool
from verweven.ingest.readers import iter_rows
from verweven.ingest.report import IngestReport, reconcile
from verweven.ingest.rows import ReadTally
from verweven.settings import get_settings
from verweven.store import ImportRun, QuarantineRecord, Store

Progress = Callable[[int], None]
PARALLEL_FROM_BYTES = 100_000  # smaller files map faster inline than chunks travel


def ingest_path(
    store: Store,
    path: Path,
    actor: Actor,
    file: Path | None = None,
    progress: Progress | None = None,
    deliveries: Path | None = None,
    atomic: bool = False,
) -> list[IngestReport]:
    """Ingest one mapping file, or every ``*.yml`` mapping in a folder (in name order);
    ``deliveries`` is the folder the mappings' source paths are relative to. Each file is
    imported in a run of its own; with ``atomic`` the whole delivery is one transaction."""
    if path.is_dir():
        mappings = sorted(path.glob("*.yml"))
        if not mappings:
            raise InputError(f"{path}: no mapping files (*.yml) in this folder")
        if file is not None:
            raise InputError("--file goes with a single mapping file, not a folder")
    else:
        mappings = [path]
    loaded = [load_mapping(mapping) for mapping in mappings]  # all valid before any is run
    reports: list[IngestReport] = []
    with (
        MappingPool(get_settings().ingest_workers) as pool,
        store.delivery() if atomic else nullcontext(),
    ):
        for mapping in loaded:
            try:
                reports += ingest_mapping(store, mapping, actor, file, progress, deliveries, pool)
            except VerwevenError as error:
                raise with_what_was_kept(error, reports, atomic) from error
    return reports


def with_what_was_kept(
    error: VerwevenError, reports: list[IngestReport], atomic: bool
) -> VerwevenError:
    """The error, saying which files of the delivery stay imported (each file is atomic on
    its own) or that none does (an atomic delivery)."""
    if atomic:
        return type(error)(f"{error}; nothing of this delivery was imported (--atomic)")
    if not reports:
        return error
    kept = ", ".join(report.file for report in reports)
    return type(error)(
        f"{error}; the files imported before it stay imported (each file is atomic on its own; "
        f"--atomic makes the whole delivery one): {kept}"
    )


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
    mapper = make_mapper(mapping)
    pool = pool or MappingPool(workers=1)
    reports = []
    for path in paths:
        with unpacked(path, mapping.source) as delivery:
            for delivered in delivery.files:
                reports.append(ingest_file(store, mapper, delivered, actor, pool, progress))
            reports[-1].not_read = delivery.not_read
    return reports


def ingest_file(
    store: Store,
    mapper: Mapper,
    delivered: DeliveryFile,
    actor: Actor,
    pool: MappingPool,
    progress: Progress | None = None,
) -> IngestReport:
    """Import one delivery file atomically: a file that cannot be read writes nothing, and
    neither does one whose rows do not add up."""
    mapping = mapper.mapping
    name = delivered.name
    report = IngestReport(mapping=str(mapping.path), file=name, dataset=mapper.dataset)
    tally = ReadTally()
    started = time.perf_counter()
    with store.import_run(mapper.dataset, source=name, actor=actor) as run:
        run.write_tables(iter_statements(mapper, delivered, run, report, tally, pool, progress))
        reconcile(report, tally, run.count_quarantined(), run.statements_written)
    report.run_id = run.id
    report.statements_new = run.statements_new
    report.seconds = time.perf_counter() - started
    return report


def iter_statements(
    mapper: Mapper,
    delivered: DeliveryFile,
    run: ImportRun,
    report: IngestReport,
    tally: ReadTally,
    pool: MappingPool,
    progress: Progress | None,
) -> Iterator[pa.Table]:
    """Statements of every readable record, a chunk at a time; refused rows and values go to
    quarantine, and every row is counted as one or the other."""
    mapping, path, name = mapper.mapping, delivered.path, delivered.name
    rows = iter_rows(path, mapping.source, mapping.source_columns(), tally)
    large = path.is_file() and path.stat().st_size > PARALLEL_FROM_BYTES
    for chunk in pool.iter_mapped(mapper, rows, large, name):
        for mapped in chunk.records:
            report.rows += 1
            if progress is not None and report.rows % 10_000 == 0:
                progress(report.rows)
            if mapped.refused is not None:
                record = QuarantineRecord(
                    file=name, line=mapped.line, reason=mapped.refused, raw=mapped.raw
                )
                run.quarantine(record, position=report.rows)
                report.rows_quarantined += 1
                report.reasons[f"row: {mapped.refused}"] += 1
                continue
            report.rows_imported += 1
            for problem in dict.fromkeys(mapped.problems):  # one record per distinct problem
                run.quarantine(
                    QuarantineRecord(
                        file=name,
                        line=mapped.line,
                        field=problem.field,
                        value=problem.value,
                        reason=problem.reason,
                        record_id=mapped.record_id,
                    ),
                    position=report.rows,
                )
                report.values_quarantined += 1
                report.reasons[f"{problem.field}: {problem.reason}"] += 1
            report.entities += len(mapped.entity_ids)
        report.statements += chunk.statements.num_rows
        yield chunk.statements
