"""Ground truth, in ``truth/`` beside the deliveries (the pipeline never reads it).

- records.csv: for every delivered record, every entity it mentions and which real entity that is.
- typologies.csv: every planted entity of every typology instance and every decoy.
- protected.csv: nationality, gender, birth country and birth year of every person (drawn
  independently of typologies, but tied to income, housing, household and sector as CBS
  reports them: ``disparities.py``).
- noise.csv: every noise event (written by ``noise.NoiseLog``).
"""

import csv
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from verweven.synth.entities import SCHEMATA, Entity, Member, Person
from verweven.synth.noise import NoiseLog

RECORD_COLUMNS = ("delivery", "record_id", "role", "schema", "true_id")
TYPOLOGY_COLUMNS = ("typology", "instance", "true_id", "schema", "role", "decoy")
PROTECTED_COLUMNS = ("true_id", "nationality", "gender", "birth_country", "birth_year")

Mention = tuple[str, Entity]  # (role, entity)


class TruthWriter:
    """Streams the ground-truth files while the region is generated."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._files: list[IO[str]] = []
        self._records = (folder / "records.csv").open("w", encoding="utf-8", newline="")
        self._files.append(self._records)
        self._records.write(",".join(RECORD_COLUMNS) + "\n")
        self.typologies = self._open("typologies.csv", TYPOLOGY_COLUMNS)
        self.protected = self._open("protected.csv", PROTECTED_COLUMNS)
        noise_file = (folder / "noise.csv").open("w", encoding="utf-8", newline="")
        self._files.append(noise_file)
        self.noise = NoiseLog(noise_file)

    def _open(self, name: str, header: tuple[str, ...]) -> Any:
        stream = (self.folder / name).open("w", encoding="utf-8", newline="")
        self._files.append(stream)
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        return writer

    def add_record(self, delivery: str, record_id: str, mentions: Iterable[Mention]) -> None:
        """The entities one delivered record mentions.

        Written without the csv module (it is the hottest file): delivery names, record ids,
        roles, schemata and entity ids are generated and never hold commas, quotes or newlines.
        """
        head = f"{delivery},{record_id},"
        lines = (f"{head}{role},{SCHEMATA[type(e)]},{e.id}\n" for role, e in mentions)
        self._records.write("".join(lines))

    def add_members(self, members: Iterable[Member]) -> None:
        """Planted entities of typology instances and decoys."""
        self.typologies.writerows(
            (m.typology, m.instance, m.entity_id, m.schema, m.role, "true" if m.decoy else "false")
            for m in members
        )

    def add_persons(self, persons: Iterable[Person]) -> None:
        """Protected attributes of persons (age as the birth year)."""
        self.protected.writerows(
            (p.id, p.nationality, p.gender, p.birth_country, p.birth_date.year) for p in persons
        )

    def close(self) -> None:
        """Flush and close every truth file."""
        for stream in self._files:
            stream.close()

    def __enter__(self) -> "TruthWriter":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
