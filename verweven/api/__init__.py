"""The HTTP API (FastAPI): thin routers over ``verweven.services``; see docs/api.md."""

from verweven.api.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
