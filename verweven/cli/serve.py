"""`verweven serve`: the HTTP API for people and programs (see docs/api.md).

On an embedded (DuckDB) store the server acts for the store's one local user: it issues that
user a token for as long as it runs, prints it once, and revokes it when it stops — so even on
a shared machine nobody else who reaches the port can read. On PostgreSQL every account logs in.
"""

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import typer
import uvicorn

from verweven.access import split_token
from verweven.api import API_PREFIX, create_app
from verweven.services import StorePool
from verweven.settings import get_settings
from verweven.store import Store
from verweven.web import add_web

LOCAL_TOKEN_DAYS = 7.0
LOCAL_TOKEN_LABEL = "verweven serve"


def register(main: typer.Typer) -> None:
    """Add ``serve`` to the main app."""
    main.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    connections: int = typer.Option(
        4, min=1, max=64, help="Store connections (requests served at once)."
    ),
    proxy: list[str] = typer.Option(
        [],
        "--trusted-proxy",
        help="Address of a reverse proxy whose X-Forwarded-For/-Proto headers are believed "
        "(repeatable; e.g. 127.0.0.1 when TLS ends at a proxy on this machine).",
    ),
    insecure_cookies: bool = typer.Option(
        False,
        "--insecure-cookies",
        help="Send the session cookie over plain HTTP too (only for loopback without TLS).",
    ),
) -> None:
    """Serve the web application (/) and the HTTP API (/api/v1, described at /openapi.json)
    until stopped."""
    pool = StorePool(size=connections)
    # uvicorn re-raises SIGTERM after its shutdown; as an exit, the local token is revoked.
    signal.signal(signal.SIGTERM, _exit)
    try:
        app = create_app(pool, secure_cookies=not insecure_cookies)
        add_web(app)
        with _local_token(pool) as token:
            site = f"http://{host}:{port}"
            typer.echo(
                f"verweven serves {get_settings().database_url}: the web application at "
                f"{site}/, the API at {site}{API_PREFIX}",
                err=True,
            )
            if token:
                typer.echo(
                    "one local user: log in with the token, or send  Authorization: Bearer "
                    f"{token}  (valid while this server runs)",
                    err=True,
                )
            uvicorn.run(
                app,
                host=host,
                port=port,
                proxy_headers=bool(proxy),
                forwarded_allow_ips=proxy or None,
                server_header=False,
                log_level="info",
            )
    finally:
        pool.close()


@contextmanager
def _local_token(pool: StorePool) -> Iterator[str | None]:
    """The local user's token for this server's life (embedded stores only)."""
    if pool.dialect != "duckdb":
        yield None
        return
    with pool.lease() as lease:
        store: Store = lease.store
        local = store.local_actor()
        # A server that was killed could not revoke its token: this one does (DuckDB lets
        # one process at a time use the file, so no other server of it is running).
        for left in store.list_tokens(local, local.user):
            if left.label == LOCAL_TOKEN_LABEL and left.revoked_at is None:
                store.revoke_token(local, left.id)
        token = store.issue_token(local, LOCAL_TOKEN_LABEL, LOCAL_TOKEN_DAYS)
    try:
        yield token
    finally:
        with pool.lease() as lease:
            lease.store.revoke_token(lease.store.local_actor(), split_token(token)[0])


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
