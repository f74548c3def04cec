"""The web application for analysts: Dutch, server-rendered (Jinja), with htmx where it helps.

``add_web`` puts its pages and assets on the app ``verweven serve`` runs; every page calls the
same services as the API, so every read is decided and audited by the store.
"""

from verweven.web.app import add_web

__all__ = ["add_web"]
