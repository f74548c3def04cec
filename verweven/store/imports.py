"""Writes of partner deliveries (atomic import runs) and the operational records they leave:
the list of runs and the quarantine of refused input."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from verweven.access import Action, Actor, store_resource
from verweven.store.guard import Guard
from verweven.store.records import ImportRunSummary, QuarantineRecord
from verweven.store.rows import utc_now
from verweven.store.runs import ImportRun


class Imports(Guard):
    """Import runs, their list and the quarantine."""

    @contextmanager
    def import_run(
        self, dataset: str, source: str, actor: Actor, observed_at: datetime | None = None
    ) -> Iterator[ImportRun]:
        """An atomic import: everything written inside the block lands together, or nothing."""
        registered = self._dataset(dataset)
        self._require_dataset(actor, Action.IMPORT, registered)
        with self._transaction():
            # A run that rebuilds indexes needs the statements table to itself, and two runs
            # upgrading their locks at once would deadlock: runs of one store take turns.
            self._take_turns("import_runs")
            run = ImportRun(self, registered, source, observed_at or utc_now())
            yield run
            run.finish()
            self._audit(
                actor,
                Action.IMPORT,
                target=dataset,
                datasets=[dataset],
                result_size=run.statements_new,
                detail=f"run={run.id} source={source} written={run.statements_written} "
                f"quarantined={run.quarantined}",
            )

    @contextmanager
    def delivery(self) -> Iterator[None]:
        """Several import runs as one transaction: the runs started inside the block all land,
        or none does (``verweven ingest --atomic``). Each run still passes the gate."""
        with self._transaction():
            self._take_turns("import_runs")
            yield

    def list_import_runs(self, actor: Actor, dataset: str | None = None) -> list[ImportRunSummary]:
        """Completed import runs, oldest first (operational metadata, no personal data)."""
        self._require(actor, Action.LIST_IMPORT_RUNS, store_resource(), dataset or "runs")
        sql = (
            "SELECT id, dataset, source, started_at, finished_at, statements_written, "
            "statements_new, quarantined FROM import_runs"
        )
        params: tuple[str, ...] = ()
        if dataset is not None:
            sql, params = sql + " WHERE dataset = ?", (dataset,)
        runs = [
            ImportRunSummary(*row)
            for row in self._fetchall(sql + " ORDER BY started_at, id", params)
        ]
        self._audit(actor, Action.LIST_IMPORT_RUNS, target=dataset or "runs", result_size=len(runs))
        return runs

    def list_quarantine(
        self,
        actor: Actor,
        dataset: str | None = None,
        import_run: str | None = None,
        record_id: str | None = None,
    ) -> list[QuarantineRecord]:
        """Refused input of the datasets this actor may inspect, by file and line. Raw rows
        are personal data: the partner's own steward reads them, for data management."""
        names = None if dataset is None else [dataset]
        datasets = self._permitted(actor, Action.READ_QUARANTINE, names)
        rows = self._fetchall(
            "SELECT file, reason, line, field, value, raw, id, import_run, dataset, record_id "
            "FROM quarantine WHERE dataset = ANY(?) "
            "AND (CAST(? AS TEXT) IS NULL OR import_run = ?) "
            "AND (CAST(? AS TEXT) IS NULL OR id = ?) ORDER BY file, line, field, id",
            (datasets, import_run, import_run, record_id, record_id),
        )
        records = [QuarantineRecord(*row) for row in rows]
        self._audit(
            actor,
            Action.READ_QUARANTINE,
            target=record_id or import_run or dataset or "quarantine",
            datasets=sorted({r.dataset for r in records}) or datasets,
            entity_ids=[r.record_id for r in records if r.record_id],
            result_size=len(records),
        )
        return records
