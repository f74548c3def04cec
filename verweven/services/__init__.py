"""The service layer: what the API, the web application and the command line all call.

Each function takes a store and an authenticated actor (acting for its purpose and case), calls
the store — where every access is decided and audited — and returns plain views. No surface
decides access or reimplements a command; ``status`` maps errors to HTTP statuses, ``pool``
hands a server's store connections out one request at a time.
"""

from verweven.services.pages import DEFAULT_LIMIT, MAX_LIMIT, Page, paginate
from verweven.services.pool import Lease, StorePool
from verweven.services.status import HTTP_STATUS, http_status
from verweven.services.times import in_utc

__all__ = [
    "DEFAULT_LIMIT",
    "HTTP_STATUS",
    "MAX_LIMIT",
    "Lease",
    "Page",
    "StorePool",
    "http_status",
    "in_utc",
    "paginate",
]
