"""The store's gate: every capability asks here whether an actor may do something, and here
every answer — allowed or refused — becomes an audit event. Nothing else decides access."""

import json
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from verweven.access import (
    Action,
    Actor,
    Decision,
    Resource,
    dataset_resource,
    load_policy,
    load_purposes,
    partner_resource,
    purpose_resource,
    store_resource,
)
from verweven.audit.event import (
    AuditDecision,
    AuditEvent,
    ids_digest,
    keyed_digest,
    leaf_data,
    pack_ids,
)
from verweven.audit.merkle import leaf_hash
from verweven.errors import AccessDeniedError, NotAuthenticatedError
from verweven.model import Dataset
from verweven.store.core import StoreCore
from verweven.store.rows import utc_now

Identity = tuple[str, str, tuple[str, ...], bool, str | None, str | None]


class Guard(StoreCore):
    """Authentication of actors, the policy decision point and the audit log's appends."""

    def __init__(self) -> None:
        super().__init__()
        self._sessions: dict[str, Identity] = {}
        self._meta: dict[str, str] | None = None
        # Benchmarks only (benchmarks/audit_concurrency_bench.py measures what appending
        # costs readers): never a setting, so no deployment can switch its audit log off.
        self._benchmark_without_audit = False

    # ---- actors the store made ----------------------------------------------------------------

    def _mint(self, actor: Actor) -> Actor:
        """Register a freshly authenticated actor; only registered actors pass the gate."""
        session = secrets.token_hex(16)
        minted = actor.model_copy(update={"session": session})
        self._sessions[session] = _identity(minted)
        return minted

    def end_session(self, actor: Actor) -> None:
        """Forget an actor this store made: it passes the gate no more (a server that keeps
        actors for a while ends each one it replaces, so sessions do not pile up)."""
        self._sessions.pop(actor.session, None)

    def _check_actor(self, actor: Actor) -> None:
        known = self._sessions.get(actor.session)
        if known is None or known != _identity(actor):
            raise NotAuthenticatedError(
                f"{actor.user!r} is not authenticated by this store: log in "
                "(`verweven login`) or pass a token (VERWEVEN_TOKEN)"
            )

    # ---- decisions ----------------------------------------------------------------------------

    def _decide(self, actor: Actor, action: Action, resource: Resource) -> Decision:
        context = {"purpose": actor.purpose or "", "case": actor.case or ""}
        return load_policy().allowed(actor, action, resource, context)

    def usable_purposes(self, actor: Actor) -> list[str]:
        """The purposes of the catalogue this actor's roles may act for."""
        self._check_actor(actor)
        return [
            name
            for name, purpose in sorted(load_purposes().items())
            if self._decide(
                actor.acting_for(name, actor.case),  # asked for each purpose in turn
                Action.USE_PURPOSE,
                purpose_resource(name, purpose.system),
            ).allowed
        ]

    def _require(
        self, actor: Actor, action: Action, resource: Resource | None = None, target: str = ""
    ) -> Decision:
        """Allow one action on one resource or refuse it (audited) with AccessDeniedError."""
        self.require_purpose(actor, action)
        resource = resource or store_resource()
        decision = self._decide(actor, action, resource)
        if not decision.allowed:
            self._refuse(actor, action, target or resource.name, decision, "")
        return decision

    def _permitted(
        self, actor: Actor, action: Action, names: Sequence[str] | None = None
    ) -> list[str]:
        """The datasets (all, or those named) on which this actor may do ``action`` now. A
        purpose the actor may not use at all is refused; datasets are filtered silently, as
        purpose limitation intends."""
        self.require_purpose(actor, action)
        datasets = self._datasets()
        chosen = sorted(datasets) if names is None else sorted(set(names) & set(datasets))
        return [
            n for n in chosen if self._decide(actor, action, dataset_resource(datasets[n])).allowed
        ]

    def _require_audit_reader(self, actor: Actor, partner: str | None) -> list[str] | None:
        """Allow reading the audit log: all of it (the auditor), or with ``partner`` the
        events touching that partner's deliveries (its steward), whose datasets it returns."""
        if partner is None:
            self._require(actor, Action.READ_AUDIT, store_resource(), "audit log")
            return None
        self._require(actor, Action.READ_AUDIT, partner_resource(partner), partner)
        return [d.name for d in self._datasets().values() if d.partner == partner]

    def _require_dataset(self, actor: Actor, action: Action, dataset: Dataset) -> None:
        self._require(actor, action, dataset_resource(dataset), dataset.name)

    def require_purpose(self, actor: Actor, action: Action) -> None:
        """Refuse (audited) an actor that is not authenticated, or whose stated purpose its
        roles may not use for ``action``, naming the purposes it may use."""
        self._check_actor(actor)
        if not action.needs_purpose:
            return
        purpose = actor.purpose
        catalogue = load_purposes()
        if purpose in catalogue:
            resource = purpose_resource(purpose, catalogue[purpose].system)
            if self._decide(actor, Action.USE_PURPOSE, resource).allowed:
                return
        usable = ", ".join(self.usable_purposes(actor)) or "none"
        reason = (
            f"{action.value} needs a purpose you may act for; you stated {actor.stated_purpose}. "
            f"Your roles ({', '.join(actor.roles) or 'none'}) may use: {usable}"
        )
        self._refuse(actor, action, purpose or "", Decision(False, ()), reason)

    def _refuse(
        self, actor: Actor, action: Action, target: str, decision: Decision, reason: str
    ) -> None:
        self._audit(
            actor,
            action,
            target=target,
            decision=AuditDecision.DENY,
            policies=decision.policies,
            detail=reason,
        )
        raise AccessDeniedError(
            reason
            or f"{actor.name} may not {action.value} {target} for purpose "
            f"{actor.purpose or '(none)'}"
            + (f" and case {actor.case}" if actor.case else "")
            + (f" (refused by {', '.join(decision.policies)})" if decision.policies else "")
        )

    # ---- the audit log's appends ---------------------------------------------------------------

    def _audit(
        self,
        actor: Actor,
        action: Action,
        *,
        target: str = "",
        datasets: Sequence[str] = (),
        entity_ids: Sequence[str] = (),
        scope: dict[str, Any] | None = None,
        query: str | None = None,
        result_size: int = 0,
        decision: AuditDecision = AuditDecision.ALLOW,
        policies: Sequence[str] = (),
        detail: str = "",
    ) -> AuditEvent:
        """Append one event. An append is one INSERT and takes no lock, so readers appending
        at once never wait for each other; the Merkle tree is built when the log is sealed."""
        key = self._id_key()
        purpose = load_purposes().get(actor.purpose or "")
        ids = sorted(set(entity_ids))
        event = AuditEvent(
            id=uuid.uuid4().hex,
            occurred_at=utc_now(),
            actor=actor.name,
            partner=actor.partner,
            roles=",".join(actor.roles),
            purpose=actor.purpose or "",
            legal_basis=purpose.legal_basis if purpose else "",
            case_ref=actor.case or "",
            action=action.value,
            decision=decision,
            policies=",".join(policies),
            target=target,
            datasets=tuple(sorted(set(datasets))),
            scope=json.dumps(scope, sort_keys=True) if scope else "",
            entity_count=len(ids),
            ids_digest=ids_digest(key, ids),
            query_digest=keyed_digest(key, query) if query is not None else "",
            result_size=result_size,
            detail=detail,
        )
        event = event.model_copy(update={"leaf_hash": leaf_hash(leaf_data(event)).hex()})
        if self._benchmark_without_audit:
            return event
        values = event.model_dump(exclude={"seq"})
        values["datasets"] = list(event.datasets)
        self._append_event(list(values.values()), event.id, pack_ids(ids) if ids else None)
        return event

    def _store_meta(self) -> dict[str, str]:
        if self._meta is None:
            rows = self._fetchall("SELECT key, value FROM store_meta")
            self._meta = {str(key): str(value) for key, value in rows}
        return self._meta

    def _id_key(self) -> bytes:
        """The store's key for digests of personal values in the audit log."""
        return bytes.fromhex(self._store_meta()["audit_id_key"])


def _identity(actor: Actor) -> Identity:
    return (
        actor.user,
        actor.partner,
        tuple(actor.roles),
        actor.local,
        actor.job.value if actor.job else None,
        actor.started_by,
    )
