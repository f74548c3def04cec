"""`verweven serve` on an embedded store: a real server process, its one local user's token,
and that token revoked when the server stops."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from verweven.store import open_store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_token(process: subprocess.Popen[str]) -> str:
    """The token the server prints before it starts listening."""
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if found := re.search(r"Bearer (vw_\S+)", line):
            return found.group(1)
        assert line or process.poll() is None, "the server stopped before it printed a token"
    raise AssertionError("the server printed no token within 60 s")


def get(url: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    for _ in range(100):  # the server may still be binding its port
        try:
            return httpx.get(url, headers=headers, timeout=10)
        except httpx.ConnectError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answers at {url}")


def test_serve_answers_its_local_user_only_and_revokes_the_token_when_stopped(
    tmp_path: Path,
) -> None:
    store_path = tmp_path / "serve.duckdb"
    port = free_port()
    env = {**os.environ, "VERWEVEN_DATABASE_URL": str(store_path), "VERWEVEN_USER": "lokaal"}
    process = subprocess.Popen(
        [sys.executable, "-m", "verweven", "serve", "--port", str(port)],
        env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        token = wait_for_token(process)
        base = f"http://127.0.0.1:{port}/api/v1"
        assert get(f"{base}/whoami", token).json()["user"] == "lokaal"
        assert get(f"{base}/whoami", None).status_code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    with open_store(str(store_path)) as store:
        [(revoked,)] = store._fetchall(
            "SELECT revoked_at FROM api_tokens WHERE id = ?", (token.split("_")[1],)
        )
    assert revoked is not None
