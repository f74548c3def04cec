"""One error family. The CLI turns it into exit codes in one place (cli/main.py)."""


class VerwevenError(Exception):
    """Base of every error verweven reports to a user. The message is meant to be read."""

    exit_code = 1


class UsageError(VerwevenError):
    """The user asked for something that cannot be done as asked (bad argument, bad option)."""

    exit_code = 2


class InputError(VerwevenError):
    """A delivery or input file cannot be read at all; nothing was written."""

    exit_code = 3


class StoreError(VerwevenError):
    """The store cannot be opened or used."""

    exit_code = 4


class StoreLockedError(StoreError):
    """Another process holds the embedded store file."""


class NotFoundError(VerwevenError):
    """A named dataset, entity or record does not exist (or this reader may not see it)."""

    exit_code = 5


class AccessDeniedError(VerwevenError):
    """The reader's purpose does not allow this read."""

    exit_code = 6


class AuditTamperedError(VerwevenError):
    """Audit evidence does not verify: a checkpoint's signature or format is wrong, or the log
    does not match a signed checkpoint. The message names the checkpoint and what differs."""

    exit_code = 7


class NotAuthenticatedError(VerwevenError):
    """No authenticated account: log in, or use a valid token."""

    exit_code = 8
