"""Entity resolution: deterministic keys, Splink linkage, judgements, canonical ids.

See docs/resolution.md. The public surface is small: run ``resolve``, ask ``explain_pair``,
list ``review_pairs``, score against a truth with ``score_clusters``.
"""

from verweven.resolve.kinds import KIND_NAMES, KindConfig, load_kind, load_kinds
from verweven.resolve.run import (
    RESOLVE_PURPOSE,
    KindReport,
    ResolveOptions,
    ResolveReport,
    resolve,
)

__all__ = [
    "KIND_NAMES",
    "RESOLVE_PURPOSE",
    "KindConfig",
    "KindReport",
    "ResolveOptions",
    "ResolveReport",
    "load_kind",
    "load_kinds",
    "resolve",
]
