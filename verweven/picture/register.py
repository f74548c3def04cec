"""The publication register: what earlier publications of the picture showed and hid.

When late deliveries change the counts and the picture of a period is published again, an
attacker holds both publications. If the new one showed a cell the old one hid, the
difference (with what the attacker knows of the late deliveries) would give the old value
away. So a publication hides at least every cell an earlier one hid (``carried``), and the
new suppression is built around them. What remains is a cell an earlier publication showed
and that is now below the minimum: whoever knows how much the late deliveries changed it
can compute it from the old value, whatever the new publication hides. Such cells are named
(``Exposed``) so the publisher can decide; they are not silently published.

The register is a JSON file beside the output (``publicatieregister.json``): per publication
its time, protection, period and, per table, which cells it hid and which values it showed.
It holds nothing that was not published.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from verweven.errors import InputError
from verweven.picture.disclosure import Cell, DisclosureRules, Protected

REGISTER_FILE = "publicatieregister.json"
MONEY = ":geld"  # the key of an indicator's table of money beside its counts


@dataclass(frozen=True)
class Earlier:
    """What the earlier publications hid and showed, per table (indicator id, or indicator
    id + ``:geld`` for its sums of money)."""

    publications: int = 0
    hidden: dict[str, frozenset[Cell]] = field(default_factory=dict)
    shown: dict[str, dict[Cell, tuple[int, float]]] = field(default_factory=dict)

    def carried(self, table: str) -> frozenset[Cell]:
        """The cells of ``table`` some earlier publication hid."""
        return self.hidden.get(table, frozenset())


@dataclass(frozen=True)
class Exposed:
    """A cell below the minimum now that publication ``number`` showed as ``value``."""

    table: str
    cell: Cell
    number: int
    value: float


def load_register(path: Path) -> Earlier:
    """The register at ``path``; an empty one if there is no file yet."""
    if not path.exists():
        return Earlier()
    try:
        publications = json.loads(path.read_text(encoding="utf-8"))["publicaties"]
        hidden: dict[str, set[Cell]] = {}
        shown: dict[str, dict[Cell, tuple[int, float]]] = {}
        for publication in publications:
            number = int(publication["nummer"])
            for table, cells in publication["tabellen"].items():
                hidden.setdefault(table, set()).update((str(a), str(p)) for a, p in cells["geheim"])
                for area, period, value in cells["getoond"]:
                    shown.setdefault(table, {})[(str(area), str(period))] = (number, float(value))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(
            f"{path}: not a publication register (expected JSON with 'publicaties', each with "
            f"'nummer' and 'tabellen' of 'geheim' and 'getoond' cells): {error}"
        ) from None
    return Earlier(len(publications), {t: frozenset(c) for t, c in hidden.items()}, shown)


def exposed(tables: dict[str, Protected], earlier: Earlier) -> list[Exposed]:
    """Cells hidden now as too small (primary) that an earlier publication showed."""
    found = []
    for name, protected in tables.items():
        before = earlier.shown.get(name, {})
        for cell, reason in sorted(protected.reasons.items()):
            if reason == "primair" and cell in before:
                number, value = before[cell]
                found.append(Exposed(name, cell, number, value))
    return found


def record_publication(
    path: Path,
    tables: dict[str, Protected],
    rules: DisclosureRules,
    granularity: str,
    at: datetime,
    exposed_cells: Sequence[Exposed] = (),
) -> int:
    """Add this publication to the register at ``path``; its number."""
    load_register(path)  # refuse to extend a file that is not a register
    register = (
        json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"publicaties": []}
    )
    number = len(register["publicaties"]) + 1
    register["publicaties"].append(
        {
            "nummer": number,
            "gepubliceerd": at.isoformat(),
            "beveiliging": rules.describe(),
            "periode": granularity,
            "blootgesteld": [[e.table, *e.cell, e.number] for e in exposed_cells],
            "tabellen": {
                name: {
                    "geheim": sorted(protected.reasons),
                    "getoond": [
                        [*cell, value]
                        for cell, value in sorted(protected.published.items())
                        if value is not None
                    ],
                }
                for name, protected in tables.items()
            },
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(register, ensure_ascii=False, indent=1), encoding="utf-8")
    return number
