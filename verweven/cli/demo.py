"""`verweven demo`: the main job, run by `make demo` (the pipeline itself is
``verweven.services.demo``; this command chooses the folder and prints each step's time)."""

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer

from verweven.services.demo import run_demo
from verweven.settings import get_settings

T = TypeVar("T")


def register(app: typer.Typer) -> None:
    """Add the demo command to the main app."""
    app.command("demo")(demo)


def demo(
    out: Path = typer.Option(None, help="Output folder (default: VERWEVEN_OUT_DIR/demo)."),
    persons: int = typer.Option(20_000, min=1_000, help="Size of the synthetic region."),
    seed: int = typer.Option(2026, help="Seed of the synthetic region."),
) -> None:
    """Run a synthetic region through the whole pipeline and write out/demo/index.html.

    Splink's notes while it trains stay hidden; `verweven --verbose demo` shows them.
    """
    output = run_demo(out or get_settings().out_dir / "demo", persons, seed, step)
    typer.echo(f"\nreport: {output.report}")
    typer.echo(f"undermining picture (published, protected): {output.picture}")
    typer.echo(
        f"web application: VERWEVEN_DATABASE_URL={output.store} "
        f"VERWEVEN_GEO_DIR={output.geo} verweven serve, "
        "then open http://127.0.0.1:8000/ and log in with the token it prints"
    )


def step(title: str, action: Callable[[], T]) -> T:
    """Run one pipeline step and say how long it took."""
    started = time.perf_counter()
    typer.echo(f"- {title} …", nl=False)
    result = action()
    typer.echo(f" {time.perf_counter() - started:.1f} s")
    return result
