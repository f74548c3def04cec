"""`verweven synth`: placeholder until the synthetic region lands (issue 3)."""

import typer


def register(app: typer.Typer) -> None:
    """Add the synth command to the main app."""
