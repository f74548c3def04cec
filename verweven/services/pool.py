"""Stores for a server: a fixed set of connections handed out one request at a time, each
remembering the actors it made for a short while.

A store connection serves one request at a time (its transactions are its own), and the
actors it makes pass only its own gate; so a request leases one connection and authenticates
on it. Authenticating writes a login event to the audit log; doing that on every request would
double the log, so a connection keeps the actor of a token for ``actor_seconds`` (a token
revoked elsewhere stops working within that time; one revoked through this server at once).
"""

import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from verweven.access import Actor, split_token, token_digest
from verweven.errors import StoreError
from verweven.store import Store, open_store

ACTOR_SECONDS = 60.0
LEASE_WAIT_SECONDS = 30.0


@dataclass
class Lease:
    """One store connection and the actors it made, keyed by token digest."""

    store: Store
    actor_seconds: float = ACTOR_SECONDS
    actors: dict[str, tuple[Actor, float, str]] = field(default_factory=dict)

    def authenticate(self, token: str) -> Actor:
        """The actor of an API or session token (made anew when older than actor_seconds)."""
        digest = token_digest(token)
        known = self.actors.get(digest)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        if known is not None:
            self.forget(digest)
        actor = self.store.authenticate_token(token)
        self.remember(token, actor)
        return actor

    def remember(self, token: str, actor: Actor) -> None:
        """Keep the actor this connection made for ``token``."""
        token_id, _ = split_token(token)
        self.actors[token_digest(token)] = (actor, time.monotonic() + self.actor_seconds, token_id)

    def forget(self, digest: str) -> None:
        known = self.actors.pop(digest, None)
        if known is not None:
            self.store.end_session(known[0])

    def forget_token_id(self, token_id: str) -> None:
        for digest, (_, _, known_id) in list(self.actors.items()):
            if known_id == token_id:
                self.forget(digest)


class StorePool:
    """``size`` connections to one store (a DuckDB file or a PostgreSQL schema)."""

    def __init__(
        self,
        url: str | None = None,
        schema: str | None = None,
        size: int = 4,
        actor_seconds: float = ACTOR_SECONDS,
    ) -> None:
        if size < 1:
            raise StoreError("a server needs at least one store connection")
        self._all = [
            Lease(open_store(url, schema=schema), actor_seconds=actor_seconds) for _ in range(size)
        ]
        self._free: queue.Queue[Lease] = queue.Queue()
        self._lock = threading.Lock()
        for lease in self._all:
            self._free.put(lease)

    @property
    def dialect(self) -> str:
        return self._all[0].store.dialect

    @contextmanager
    def lease(self) -> Iterator[Lease]:
        """A connection for one request; its registry is read afresh (another process may
        have registered or narrowed a dataset since)."""
        try:
            lease = self._free.get(timeout=LEASE_WAIT_SECONDS)
        except queue.Empty:
            raise StoreError(
                f"all {len(self._all)} store connections are busy; try again shortly"
            ) from None
        try:
            lease.store.refresh_registry()
            yield lease
        finally:
            self._free.put(lease)

    def forget_token(self, token_id: str) -> None:
        """Drop a (revoked) token's actors from every connection, at once."""
        with self._lock:
            for lease in self._all:
                lease.forget_token_id(token_id)

    def close(self) -> None:
        for lease in self._all:
            lease.store.close()
