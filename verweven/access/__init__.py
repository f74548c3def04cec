"""Who reads, on behalf of which partner, for which purpose — and whether that is allowed.

The store calls ``may_read`` for every read path; nothing else decides visibility.
"""

from verweven.access.reader import Reader, may_read, visible_datasets

__all__ = ["Reader", "may_read", "visible_datasets"]
