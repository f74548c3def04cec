"""What a resolution run leaves for the next: trained models, the review queue, a fingerprint.

Kept in a folder (``--state``, default ``VERWEVEN_OUT_DIR/resolve``). Models hold m and u
probabilities only; the review queue holds record ids and scores, never values.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from verweven.model import Judgement


class ResolveState:
    """The state folder of resolution runs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path:
        return self.folder / name

    def load_model(self, kind: str, untaught: bool = False) -> dict[str, Any] | None:
        """The kind's last model; ``untaught``: as trained, before judgements taught it (what
        a run that cannot train starts from, so judgements are not counted twice)."""
        path = self._path(f"{kind}.untaught.json" if untaught else f"{kind}.model.json")
        if untaught and not path.exists():
            path = self._path(f"{kind}.model.json")  # a model no judgement has taught
        return json.loads(path.read_text()) if path.exists() else None

    def save_model(
        self, kind: str, model: dict[str, Any], untaught: dict[str, Any] | None = None
    ) -> None:
        """Keep the model a run used, and, if judgements taught it, the model before that."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._path(f"{kind}.model.json").write_text(json.dumps(model, indent=2, sort_keys=True))
        before = self._path(f"{kind}.untaught.json")
        if untaught is None:
            before.unlink(missing_ok=True)
        else:
            before.write_text(json.dumps(untaught, indent=2, sort_keys=True))

    def load_review(self, kind: str) -> pa.Table | None:
        path = self._path(f"{kind}.review.parquet")
        return pq.read_table(path) if path.exists() else None

    def save_review(self, kind: str, pairs: pa.Table) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pairs, self._path(f"{kind}.review.parquet"))

    def forget(self, records: list[str]) -> int:
        """Drop review pairs that name any of these (purged) records; return how many."""
        gone = pa.array(sorted(set(records)), pa.string())
        dropped = 0
        for path in sorted(self.folder.glob("*.review.parquet")) if records else []:
            pairs = pq.read_table(path)
            named = pc.or_(
                pc.is_in(pairs.column("unique_id_l"), value_set=gone),
                pc.is_in(pairs.column("unique_id_r"), value_set=gone),
            )
            dropped += pc.sum(named).as_py() or 0
            pq.write_table(pairs.filter(pc.invert(named)), path)
        return dropped

    def load_run(self, kind: str) -> dict[str, Any]:
        path = self._path(f"{kind}.run.json")
        return dict(json.loads(path.read_text())) if path.exists() else {}

    def save_run(self, kind: str, info: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._path(f"{kind}.run.json").write_text(json.dumps(info, indent=2, sort_keys=True))


def judgement_fingerprint(judgements: list[Judgement]) -> str:
    """A hash of the active judgements: an incremental run is only valid while it is unchanged."""
    joined = "\n".join(sorted(j.id for j in judgements))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()
