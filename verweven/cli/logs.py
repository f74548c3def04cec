"""What the terminal shows besides a command's own lines: the one place logging is set up.

Splink logs at WARNING what is normal on verweven's data — a comparison level that no pair in a
training block reaches ("not observed in dataset, unable to train m value"), deterministic rules
that find no match in a small kind, the size of the u sample. A command's output would drown in
them, so by default only verweven's own warnings reach stderr; ``verweven --verbose`` shows
Splink's messages too, and verweven's INFO lines.
"""

import logging

import typer

QUIET_LIBRARIES = ("splink",)


class EchoHandler(logging.Handler):
    """Writes a record to the stderr of the moment (CliRunner swaps it), one line per record."""

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())  # Splink's messages span lines
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        typer.echo(f"{record.levelname.lower()} ({record.name}): {message}", err=True)


def is_verweven_or_loud(record: logging.LogRecord) -> bool:
    """False for a quiet library's record below ERROR."""
    quiet = any(
        record.name == name or record.name.startswith(name + ".") for name in QUIET_LIBRARIES
    )
    return not quiet or record.levelno >= logging.ERROR


_handler = EchoHandler()


def configure_logging(verbose: bool) -> None:
    """Send log records to stderr: verweven's warnings always, the rest only when verbose.

    A root handler must exist before Splink's first ``Linker``: Splink adds a stderr handler of
    its own (and stops propagation) only when it finds none. One it added earlier is removed.
    """
    splink = logging.getLogger("splink")
    for handler in list(splink.handlers):
        if getattr(handler, "_splink_default_handler", False):
            splink.removeHandler(handler)
    splink.propagate = True
    _handler.filters.clear()
    if not verbose:
        _handler.addFilter(is_verweven_or_loud)
    _handler.setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("verweven").setLevel(logging.INFO if verbose else logging.WARNING)
    root = logging.getLogger()
    if _handler not in root.handlers:
        root.addHandler(_handler)
