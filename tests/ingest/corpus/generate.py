"""Write the hostile corpus to a folder: one subfolder per case with its files and mapping.

    .venv/bin/python -m tests.ingest.corpus.generate OUT   # then look, or ingest by hand:
    .venv/bin/verweven ingest OUT/stray_quote/mapping.yml

The tests build the same files in a temporary folder; the same code gives the same bytes.
"""

import sys
from pathlib import Path

from tests.ingest.corpus.cases import CASES, Case


def write_case(case: Case, folder: Path) -> Path:
    """The case's files and mapping in ``folder``; returns the mapping file."""
    folder.mkdir(parents=True, exist_ok=True)
    files = case.files()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    mapping = folder / "mapping.yml"
    mapping.write_text(case.mapping(next(iter(files))), encoding="utf-8")
    return mapping


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.ingest.corpus.generate OUT")
    out = Path(sys.argv[1])
    for case in CASES:
        write_case(case, out / case.name)
    print(f"{len(CASES)} cases written to {out}")


if __name__ == "__main__":
    main()
