"""verweven's errors as HTTP statuses: the one place a web surface (API or web application)
turns an error class into a status, as ``cli/main.py`` turns it into an exit code."""

from verweven.errors import (
    AccessDeniedError,
    AuditTamperedError,
    InputError,
    NotAuthenticatedError,
    NotFoundError,
    ReconciliationError,
    ResourceError,
    SettingsError,
    StoreError,
    UsageError,
    VerwevenError,
    code_for,
)

# A class not listed takes the status of its nearest listed base (StoreLockedError is a
# StoreError: 503); anything else of the family is a 500.
HTTP_STATUS: dict[type[VerwevenError], int] = {
    UsageError: 400,
    NotAuthenticatedError: 401,
    AccessDeniedError: 403,
    NotFoundError: 404,
    # The evidence does not match a signed checkpoint: a conflict with recorded state.
    AuditTamperedError: 409,
    InputError: 422,
    ReconciliationError: 422,
    SettingsError: 500,
    # The store or the machine cannot serve now (locked, down, out of disk or memory).
    StoreError: 503,
    ResourceError: 503,
}


def http_status(error: VerwevenError) -> int:
    """The HTTP status of an error: that of its class or its nearest listed base."""
    return code_for(error, HTTP_STATUS, 500)
