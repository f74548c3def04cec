"""How a hit names its entity: the most common value of the schema's caption properties.

Captions are made by the engine for the entities that were hit, from the same audited read;
a signal's own logic never sees names (see forbidden.py).
"""

import re
from collections import Counter
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc
from followthemoney import model


def caption_props(schemata: Iterable[str]) -> set[str]:
    """Every property that can name an entity of these schemata."""
    props: set[str] = set()
    for name in schemata:
        schema = model.get(name)
        if schema is not None:
            props.update(schema.caption)
    return props


def captions(table: pa.Table, entities: dict[str, str]) -> dict[str, str]:
    """canonical id → caption for the given {canonical id: schema}; the id when nothing names it."""
    if not entities:
        return {}
    wanted = pc.is_in(table.column("canonical_id"), value_set=pa.array(sorted(entities)))
    named = table.filter(pc.and_(wanted, pc.not_equal(table.column("prop"), "id")))
    values: dict[str, dict[str, Counter[str]]] = {}
    for row in named.select(["canonical_id", "prop", "value"]).to_pylist():
        values.setdefault(row["canonical_id"], {}).setdefault(row["prop"], Counter())[
            row["value"]
        ] += 1
    return {
        cid: _tidy(_pick(schema, values.get(cid, {})) or cid) for cid, schema in entities.items()
    }


def _tidy(caption: str) -> str:
    """Spaces as a reader expects them (``Kerkstraat 12 , 5006AC`` → ``Kerkstraat 12, 5006AC``)."""
    return re.sub(r"\s+,", ",", " ".join(caption.split()))


def _pick(schema_name: str, values: dict[str, Counter[str]]) -> str | None:
    """The most frequent value of the first caption property that has one; values in capitals
    (as banks and the RDW write names) only when there is nothing else."""
    schema = model.get(schema_name)
    for prop in schema.caption if schema is not None else ("name",):
        counts = values.get(prop)
        if counts:
            return min(counts, key=lambda v: (v.isupper(), "," in v, -counts[v], -len(v), v))
    return None
