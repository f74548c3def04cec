"""One error family. Every failure a user can meet is one of these, with a message that says
what happened and what to do; the CLI turns each class into its exit code in one place
(``cli/main.py``), an API would turn it into its HTTP status in one place of its own."""


class VerwevenError(Exception):
    """Base of every error verweven reports to a user. The message is meant to be read."""


class UsageError(VerwevenError):
    """The user asked for something that cannot be done as asked (bad argument, bad option,
    an output that would overwrite a file or the store)."""


class SettingsError(VerwevenError):
    """A ``VERWEVEN_*`` environment setting is missing or cannot be used as given."""


class InputError(VerwevenError):
    """A delivery or input file cannot be read at all; nothing was written."""


class StoreError(VerwevenError):
    """The store cannot be opened or used."""


class StoreLockedError(StoreError):
    """Another process holds the embedded store file."""


class NotFoundError(VerwevenError):
    """A named dataset, entity or record does not exist (or this reader may not see it)."""


class AccessDeniedError(VerwevenError):
    """The policy does not allow this action for this actor, purpose and case."""


class AuditTamperedError(VerwevenError):
    """Audit evidence does not verify: a checkpoint's signature or format is wrong, or the log
    does not match a signed checkpoint. The message names the checkpoint and what differs."""


class NotAuthenticatedError(VerwevenError):
    """No authenticated account: log in, or use a valid token."""


class ResourceError(VerwevenError):
    """The machine ran out of something a run needs — disk space, memory, a worker process —
    and the run was rolled back; the message names the real cause."""


class ReconciliationError(VerwevenError):
    """The rows of a delivery do not add up (rows read ≠ imported + quarantined); the run was
    rolled back, so nothing of that file was written."""


def code_for(error: VerwevenError, codes: dict[type[VerwevenError], int], default: int) -> int:
    """The code a table gives an error: that of its class or its nearest listed base (so a
    subclass needs no entry of its own), else ``default``. Exit codes and HTTP statuses are
    each one such table."""
    for cls in type(error).__mro__:
        if cls in codes:
            return codes[cls]
    return default
