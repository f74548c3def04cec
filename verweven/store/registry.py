"""The dataset registry: which partner delivers what, under which legal basis and purposes.

A registration is a write to the rules every read obeys, so it is guarded like one: only the
delivering partner's steward may register or change its datasets, a dataset never changes
partner, purposes must be in the catalogue, and every version is kept and audited."""

from verweven.access import Action, Actor, Decision, dataset_resource, get_purpose, store_resource
from verweven.errors import NotFoundError, UsageError
from verweven.model import Dataset
from verweven.store.guard import Guard
from verweven.store.rows import DATASET_COLUMNS, dataset_from_row, utc_now

VERSION_COLUMNS = f"{DATASET_COLUMNS}, version, registered_at, registered_by"


class Registry(Guard):
    """Register, list and delete datasets."""

    def register_dataset(self, dataset: Dataset, actor: Actor) -> int:
        """Add a dataset, or a new version of its entry; return the version now in force.
        Registering an identical entry again changes nothing (a re-delivery does that)."""
        for purpose in dataset.purposes:
            get_purpose(purpose)
        self._require_dataset(actor, Action.REGISTER_DATASET, dataset)
        registered = self._datasets().get(dataset.name)
        if registered is not None:
            self._refuse_partner_change(actor, registered, dataset)
            self._require_dataset(actor, Action.REGISTER_DATASET, registered)
        with self._transaction():
            # Registrations take turns: two processes registering one dataset at once (two
            # ingests of one partner) both found no row, and one failed on the primary key.
            self._take_turns("datasets")
            self._dataset_cache = None
            current = self._datasets().get(dataset.name)
            if current is not None and current.partner != dataset.partner:
                raise UsageError(
                    f"dataset {dataset.name!r} was just registered for another partner"
                )
            if current == dataset:
                return self._version(dataset.name)
            return self._write_version(actor, dataset, current is not None)

    def _write_version(self, actor: Actor, dataset: Dataset, known: bool) -> int:
        version = self._version(dataset.name) + 1 if known else 1
        row = (
            dataset.name,
            dataset.partner,
            dataset.title,
            dataset.legal_basis.article,
            dataset.legal_basis.text,
            list(dataset.purposes),
            dataset.retention_days,
            dataset.sensitivity.value,
            dataset.delivered_at,
            dataset.contact,
        )
        with self._transaction():
            self._execute("DELETE FROM datasets WHERE name = ?", (dataset.name,))
            self._execute(
                f"INSERT INTO datasets ({DATASET_COLUMNS}, version, registered_at) "
                f"VALUES ({', '.join('?' * (len(row) + 2))})",
                (*row, version, utc_now()),
            )
            self._execute(
                f"INSERT INTO dataset_versions ({VERSION_COLUMNS}) "
                f"VALUES ({', '.join('?' * (len(row) + 3))})",
                (*row, version, utc_now(), actor.name),
            )
            self._audit(
                actor,
                Action.REGISTER_DATASET,
                target=dataset.name,
                datasets=[dataset.name],
                detail=f"version {version}: {dataset.legal_basis.article}; "
                f"purposes {', '.join(dataset.purposes)}; {dataset.sensitivity.value}",
            )
        self._dataset_cache = None
        return version

    def _refuse_partner_change(self, actor: Actor, current: Dataset, new: Dataset) -> None:
        if current.partner != new.partner:
            message = (
                f"dataset {current.name!r} is delivered by partner {current.partner!r}; a "
                f"dataset never changes partner — register {new.partner!r}'s delivery under "
                "a name of its own"
            )
            self._refuse(actor, Action.REGISTER_DATASET, current.name, Decision(False), message)

    def _version(self, name: str) -> int:
        rows = self._fetchall("SELECT max(version) FROM dataset_versions WHERE name = ?", (name,))
        return int(rows[0][0] or 0)

    def list_datasets(self, actor: Actor) -> list[Dataset]:
        """Every registered dataset, by name (registry metadata: no personal data)."""
        self._require(actor, Action.LIST_DATASETS, store_resource(), "datasets")
        datasets = sorted(self._datasets().values(), key=lambda d: d.name)
        self._audit(actor, Action.LIST_DATASETS, target="datasets", result_size=len(datasets))
        return datasets

    def get_dataset(self, actor: Actor, name: str) -> Dataset:
        """One dataset's registry entry; NotFoundError if it was never registered."""
        self._require(actor, Action.LIST_DATASETS, store_resource(), name)
        return self._dataset(name)

    def dataset_versions(self, actor: Actor, name: str) -> list[tuple[int, Dataset, str]]:
        """Every version of one registry entry: (version, entry, registered by), oldest first."""
        self._require(actor, Action.LIST_DATASETS, store_resource(), name)
        rows = self._fetchall(
            f"SELECT {VERSION_COLUMNS} FROM dataset_versions WHERE name = ? ORDER BY version",
            (name,),
        )
        if not rows:
            raise NotFoundError(f"no dataset named {name!r} is registered")
        return [(int(r[-3]), dataset_from_row(r[:-3]), str(r[-1])) for r in rows]

    def delete_dataset(self, name: str, actor: Actor) -> int:
        """Delete every statement and quarantined record of a dataset; return the count."""
        dataset = self._dataset(name)
        self._require(actor, Action.DELETE_DATASET, dataset_resource(dataset), name)
        with self._transaction():
            deleted = self._execute("DELETE FROM statements WHERE dataset = ?", (name,))
            for table in ("statement_last_seen", "dataset_last_seen"):
                self._execute(f"DELETE FROM {table} WHERE dataset = ?", (name,))
            self._execute("DELETE FROM quarantine WHERE dataset = ?", (name,))
            self._audit(
                actor,
                Action.DELETE_DATASET,
                target=name,
                datasets=[name],
                result_size=deleted,
            )
        return deleted
