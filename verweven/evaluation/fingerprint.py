"""A fingerprint of everything a signal's measured figures depend on in this repository.

The register publishes precision, recall and lead time per signal; they hold only for the
definitions, helper views, functions and time rules they were measured with, and for the
resolution settings that made the canonical entities. The evaluation stores this fingerprint
with its figures, and a test fails when the two differ: stale figures break the build until
``python -m benchmarks.signals_bench`` (and ``benchmarks.lead_time_bench`` for the lead times)
measures again.
"""

import hashlib
import json
from importlib import resources

from verweven.signals.definition import SignalDefinition, load_definitions

# Files (package, name) whose text the figures depend on besides the definitions.
SOURCES = (
    ("verweven.signals", "views.sql"),
    ("verweven.signals", "timeline.py"),
    ("verweven.signals", "engine.py"),
    ("verweven.signals.functions", "proximity.py"),
    *(
        ("verweven.resolve.settings", f"{kind}.json")
        for kind in ("address", "bank_account", "company", "person", "vehicle")
    ),
)


def definitions_fingerprint(definitions: tuple[SignalDefinition, ...] | None = None) -> str:
    """SHA-256 (first 16 hex digits) of the definitions and the sources they run with."""
    chosen = definitions if definitions is not None else load_definitions()
    digest = hashlib.sha256()
    for definition in sorted(chosen, key=lambda d: d.id):
        digest.update(json.dumps(definition.model_dump(mode="json"), sort_keys=True).encode())
    for package, name in SOURCES:
        digest.update(f"{package}/{name}".encode())
        digest.update(resources.files(package).joinpath(name).read_bytes())
    return digest.hexdigest()[:16]
