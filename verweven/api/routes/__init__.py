"""The API's routers, one per area; each route names its dependencies and calls a service."""
