"""The audit log's hash chain detects any change, removal or reordering."""

from datetime import datetime

from verweven.audit import GENESIS_HASH, AuditAction, AuditEvent, chain_hash, verify_chain


def make_chain(count: int) -> list[AuditEvent]:
    events: list[AuditEvent] = []
    prev = GENESIS_HASH
    for seq in range(1, count + 1):
        event = AuditEvent(
            seq=seq,
            occurred_at=datetime(2026, 1, 1, 12, seq),
            actor="analist",
            partner="riec",
            purpose="riec_casus",
            action=AuditAction.READ_ENTITY,
            target=f"p{seq}",
            prev_hash=prev,
        )
        event = event.model_copy(update={"hash": chain_hash(event, prev)})
        events.append(event)
        prev = event.hash
    return events


def test_intact_chain_verifies() -> None:
    assert verify_chain(make_chain(5)) is None


def test_changed_event_is_found() -> None:
    events = make_chain(5)
    events[2] = events[2].model_copy(update={"target": "someone_else"})
    assert verify_chain(events) == 3


def test_removed_event_is_found() -> None:
    events = make_chain(5)
    del events[1]
    assert verify_chain(events) == 3
