"""Fetch one file of an npm package from the registry by name and version, check it against a
pinned SHA-256 and put it in place: how the web application's scripts are installed at build
time (never a CDN, never copied by hand), with nothing but Python — no npm needed.

    python scripts/fetch_npm_file.py htmx.org 2.0.11 package/dist/htmx.min.js SHA256 DEST
"""

import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"


def fetch(name: str, version: str, member: str, digest: str, destination: Path) -> None:
    tarball = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    with urllib.request.urlopen(tarball, timeout=120) as response:
        packed = response.read()
    with tarfile.open(fileobj=io.BytesIO(packed), mode="r:gz") as archive:
        extracted = archive.extractfile(member)
        if extracted is None:
            sys.exit(f"{name}@{version} has no file {member}")
        content = extracted.read()
    place(content, digest, destination, f"{name}@{version} {member}")


def place(content: bytes, digest: str, destination: Path, label: str) -> None:
    """Put ``content`` at ``destination`` if its SHA-256 is ``digest``; otherwise stop."""
    found = hashlib.sha256(content).hexdigest()
    if found != digest:
        sys.exit(f"{label}: SHA-256 {found}, expected {digest}; not installed")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_suffix(destination.suffix + ".partial")
    partial.write_bytes(content)
    partial.replace(destination)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    fetch(*sys.argv[1:5], Path(sys.argv[5]))
