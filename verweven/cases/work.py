"""Casework the store cannot check alone: that an advised instrument is on the ladder and
raises the barrier it is advised for, and the case file that gathers a case's facts."""

from collections.abc import Collection
from dataclasses import dataclass, field, replace

import igraph

from verweven.access import Actor
from verweven.cases.barriers import PhaseView, assess_barriers
from verweven.cases.catalogue import BarrierModel, Instrument, load_barrier_model
from verweven.cases.network import case_network, exportable_part
from verweven.errors import UsageError
from verweven.model import Case, Statement
from verweven.model.case import InterventionStep
from verweven.store import SignalHitRecord, Store


def advise(
    store: Store,
    actor: Actor,
    instrument: str,
    barrier: str,
    reason: str,
    partner: str | None = None,
    model: BarrierModel | None = None,
) -> InterventionStep:
    """Add an instrument of the ladder to the case's advice, against one barrier it raises;
    the partner is the instrument's owner unless another partner takes it on."""
    model = model or load_barrier_model()
    if instrument not in model.instruments:
        raise UsageError(
            f"no instrument {instrument!r} on the intervention ladder; choose one of: "
            + ", ".join(sorted(model.instruments))
        )
    if barrier not in model.barriers:
        raise UsageError(
            f"no barrier {barrier!r} in the barrier model; choose one of: "
            + ", ".join(sorted(model.barriers))
        )
    raises = model.barriers[barrier].instruments
    if instrument not in raises:
        raise UsageError(
            f"{instrument} does not raise barrier {barrier}; instruments that do: "
            + ", ".join(raises)
        )
    owner = partner or model.instruments[instrument].owner
    return store.advise_intervention(actor, instrument, barrier, owner, reason)


@dataclass(frozen=True)
class CaseFile:
    """What the case meeting reads: the case and its decisions, every subject's facts with
    source and legal basis, the signal hits on them, the barrier model and the advice."""

    case: Case
    facts: dict[str, list[Statement]]
    captions: dict[str, str]
    """Per subject: the name it is known by (its id when it has none)."""
    legal_bases: dict[str, str]
    """Per dataset: its partner and legal basis, as one line."""
    hits: list[SignalHitRecord]
    phases: list[PhaseView]
    instruments: dict[str, Instrument]
    withheld: dict[str, int] = field(default_factory=dict)
    """Facts (and signal hits) left out of a file per delivery it may not take out."""
    network: igraph.Graph = field(default_factory=lambda: igraph.Graph(directed=True))
    """The subjects' neighbourhood in the reader's network (``case_network``)."""

    def for_export(self, exportable: Collection[str], model: BarrierModel) -> "CaseFile":
        """The case file as a file may hold it: facts and hits resting on deliveries the
        actor may not export are left out and counted (as the Bibob report does)."""
        allowed = set(exportable)
        withheld: dict[str, int] = {}
        for statements in self.facts.values():
            for statement in statements:
                if statement.dataset not in allowed and statement.prop != "id":
                    withheld[statement.dataset] = withheld.get(statement.dataset, 0) + 1
        hits = [h for h in self.hits if set(h.datasets) <= allowed]
        for hit in self.hits:
            if not set(hit.datasets) <= allowed:
                for dataset in set(hit.datasets) - allowed:
                    withheld[dataset] = withheld.get(dataset, 0) + 1
        return replace(
            self,
            facts={
                subject: [s for s in statements if s.dataset in allowed]
                for subject, statements in self.facts.items()
            },
            legal_bases={k: v for k, v in self.legal_bases.items() if k in allowed},
            hits=hits,
            phases=assess_barriers(self.case, hits, model),
            withheld=withheld,
            network=exportable_part(self.network, allowed),
        )


def gather_case_file(
    store: Store, actor: Actor, model: BarrierModel | None = None, with_network: bool = True
) -> CaseFile:
    """The actor's case file, read through the store as the actor (each read audited); the
    network around the subjects only ``with_network`` (it reads the reader's network)."""
    model = model or load_barrier_model()
    case = store.get_case(actor)
    facts = {subject: store.get_statements(actor, subject) for subject in case.subjects}
    hits = store.list_signal_hits(actor, list(case.subjects)) if case.subjects else []
    datasets = {s.dataset for statements in facts.values() for s in statements}
    legal_bases = {}
    for dataset in sorted(datasets):
        registered = store.get_dataset(actor, dataset)
        basis = registered.legal_basis
        legal_bases[dataset] = f"{registered.partner}: {basis.article} ({basis.text})"
    captions = {
        subject: min((s.value for s in statements if s.prop == "name"), default=subject)
        for subject, statements in facts.items()
    }
    return CaseFile(
        case=case,
        facts=facts,
        captions=captions,
        legal_bases=legal_bases,
        hits=hits,
        phases=assess_barriers(case, hits, model),
        instruments=dict(model.instruments),
        network=case_network(store, actor, case.subjects if with_network else ()),
    )
