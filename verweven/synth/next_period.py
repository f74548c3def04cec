"""The next period's deliveries: what changed after the reference date, delivered as the
partners deliver a mutation (only the new rows, in the first period's formats), in ``next/``.

It plants **displacement**: after a planted cannabis farm the tenant carries on at another
address, and after a planted straw-man construction the straw man carries on through a fresh
company. Beside it, ordinary life goes on at a stated rate (persons move house, start a
company), so that monitoring is measured against a background and its false alarms count.

Everything here draws from streams of its own and runs after the first period is written, so
the first period's files stay byte-identical whatever this module does.
"""

import csv
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from verweven.synth.catalog import DeliverySpec, delivery_specs
from verweven.synth.config import RegionConfig, load_noise_rates
from verweven.synth.dates import random_date
from verweven.synth.deliveries import BUILDERS
from verweven.synth.economy import BV, company_name
from verweven.synth.entities import Address, Company, Member, Person, Residence
from verweven.synth.noise import Noiser
from verweven.synth.reference import sbi_codes
from verweven.synth.streams import make_rng
from verweven.synth.truth import TruthWriter
from verweven.synth.world import Chunk, Region
from verweven.synth.writers import Writers

FOLDER = "next"
PERIOD_DAYS = 182
DELIVERIES = ("brp_verblijfplaatsen", "kvk_inschrijvingen", "kvk_functionarissen")
# Which planted member carries on after the case, and how: a new address or a fresh company.
CARRY_ON = {("cannabis_farm", "tenant"): "address", ("straw_man", "straw_man"): "company"}
FRESH_SECTORS = ("45112", "49410", "81210", "43999")
# Ordinary life in half a year: a share of adults moves house, a smaller share starts a company.
MOVERS_PER_PERSON = 0.02
FOUNDERS_PER_PERSON = 0.005
DISPLACEMENT_COLUMNS = (
    "typology", "instance", "true_id", "kind", "new_true_id", "record_ids", "planted",
)  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One change of the next period: a person at a new address or behind a new company."""

    person: Person
    kind: str
    """``address`` or ``company``."""
    typology: str = ""
    instance: str = ""

    @property
    def planted(self) -> bool:
        return bool(self.typology)


class NextPeriod:
    """Remembers, while the first period is generated, who carries on in the next."""

    def __init__(self) -> None:
        self.carrying_on: list[tuple[Member, Person]] = []

    def remember(self, chunk: Chunk) -> None:
        """Note the planted members of this chunk that carry on (reads only: no draws)."""
        persons = {p.id: p for p in chunk.persons}
        for member in chunk.members:
            if (member.typology, member.role) in CARRY_ON and member.entity_id in persons:
                self.carrying_on.append((member, persons[member.entity_id]))

    def write(self, region: Region, config: RegionConfig) -> list[Path]:
        """Write ``next/`` (deliveries and truth); the files written."""
        rng = make_rng(config.seed, "next_period")
        start = config.reference_date
        changes = [
            Change(person, CARRY_ON[(member.typology, member.role)], *_label(member))
            for member, person in self.carrying_on
        ]
        planted = {change.person.id for change in changes}
        adults = [p for p in region.recent_persons if p.id not in planted]
        movers = rng.sample(adults, min(len(adults), round(config.persons * MOVERS_PER_PERSON)))
        rest = [p for p in adults if p not in movers]
        founders = rng.sample(rest, min(len(rest), round(config.persons * FOUNDERS_PER_PERSON)))
        changes += [Change(p, "address") for p in movers] + [Change(p, "company") for p in founders]
        chunk = Chunk(region, region.geography.neighbourhoods[0])
        chunk.rng = rng
        rows = _apply(chunk, changes, list(region.recent_addresses), start)
        return _write(config, chunk, rows, start + timedelta(days=PERIOD_DAYS))


def _label(member: Member) -> tuple[str, str]:
    return member.typology, member.instance


def _apply(
    chunk: Chunk, changes: list[Change], homes: list[Address], start: date
) -> list[tuple[Change, str]]:
    """Make each change in the chunk (a person with only the new residence, or a new company
    with the person as its officer); per change the generator id of what is new."""
    rng, end = chunk.rng, start + timedelta(days=PERIOD_DAYS - 1)
    made = []
    for change in changes:
        person = change.person
        when = random_date(rng, start + timedelta(days=1), end)
        if change.kind == "address":
            home = rng.choice([a for a in homes if a is not person.current.address])
            # A mutation delivers only the new residence period.
            chunk.persons.append(dataclasses.replace(person, residences=[Residence(home, when)]))
            made.append((change, home.id))
            continue
        sbi = sbi_codes()[rng.choice(FRESH_SECTORS)]
        company = Company(
            id=chunk.ids.entity_id("C"), kvk=chunk.ids.kvk(), rsin=chunk.ids.rsin(),
            name=company_name(rng, BV, sbi, person, chunk.hood.place), legal_form=BV,
            sbi=sbi.code, incorporated=when,
        )  # fmt: skip
        chunk.add_branch(company, rng.choice(homes), when)
        chunk.add_officer(company, person, "bestuurder", when)
        chunk.add_officer(company, person, "enig aandeelhouder", when)
        chunk.companies.append(company)
        made.append((change, company.id))
    return made


def _write(
    config: RegionConfig, chunk: Chunk, made: list[tuple[Change, str]], reference: date
) -> list[Path]:
    out = config.out / FOLDER
    specs = next_specs()
    mentioned: dict[str, set[str]] = {}  # delivered record -> the generator ids it mentions
    clean = load_noise_rates("none")  # the first period carries the noise; a mutation is clean
    with (
        Writers(out / "deliveries", specs, reference) as writers,
        TruthWriter(out / "truth") as truth,
    ):
        for spec in specs:
            noiser = Noiser(spec, clean, config.seed, -1, truth.noise)
            for record_id, row, mentions in BUILDERS[spec.name](chunk, noiser):
                truth.add_record(spec.name, record_id, mentions)
                writers.by_name[spec.name].write(row)
                mentioned[f"{spec.name}:{record_id}"] = {entity.id for _, entity in mentions}
    _write_displacements(out / "truth" / "displacements.csv", made, mentioned)
    files = [out / "deliveries" / spec.filename for spec in specs]
    names = ("records.csv", "typologies.csv", "protected.csv", "noise.csv", "displacements.csv")
    return files + [out / "truth" / name for name in names]


def _write_displacements(
    path: Path, made: Iterable[tuple[Change, str]], mentioned: dict[str, set[str]]
) -> None:
    """One row per change: who, what is new, the records that deliver it, planted or not."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(DISPLACEMENT_COLUMNS)
        for change, new_id in made:
            # A new company's rows name the company; a move's row names person and address.
            needed = {new_id} if change.kind == "company" else {new_id, change.person.id}
            records = sorted(r for r, ids in mentioned.items() if needed <= ids)
            writer.writerow((
                change.typology, change.instance, change.person.id, change.kind, new_id,
                " ".join(records), "true" if change.planted else "false",
            ))  # fmt: skip


def next_specs() -> tuple[DeliverySpec, ...]:
    """The deliveries the next period holds (a subset of the first period's catalogue)."""
    return tuple(spec for spec in delivery_specs() if spec.name in DELIVERIES)
