"""The one decision point: ``allowed(actor, action, resource, context)``, decided by Cedar.

The rules are data: Cedar policy files (``policies/*.cedar``, validated against
``policies/schema.cedarschema`` when loaded), reviewed like code. Cedar is deny by default, a
``forbid`` beats every ``permit``, and every decision names the policies that made it — which
is what a privacy officer needs to read, test and audit the rules (see docs/access.md).
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import cedarpy

from verweven.access.actions import Action
from verweven.access.actor import Actor
from verweven.access.roles import Role
from verweven.errors import UsageError
from verweven.model import Dataset
from verweven.settings import get_settings

POLICY_FOLDER = Path(__file__).with_name("policies")
NAMESPACE = "Verweven"


@dataclass(frozen=True)
class Resource:
    """What an action is about: a dataset, a purpose, a partner, a job or the store."""

    kind: str
    name: str
    attrs: tuple[tuple[str, Any], ...] = ()

    def entity(self) -> dict[str, Any]:
        attrs = {
            key: list(value) if isinstance(value, tuple) else value for key, value in self.attrs
        }
        return {"uid": _uid(self.kind, self.name), "attrs": attrs, "parents": []}


@dataclass(frozen=True)
class Decision:
    """Whether an action is allowed, and the policies (by ``@id``) that decided it."""

    allowed: bool
    policies: tuple[str, ...] = field(default=())


def store_resource() -> Resource:
    return Resource("Store", "store")


def purpose_resource(name: str, system: bool = False) -> Resource:
    return Resource("Purpose", name, (("system", system),))


def partner_resource(name: str) -> Resource:
    return Resource("Partner", name, (("name", name),))


def case_resource(ref: str) -> Resource:
    return Resource("Case", ref, (("ref", ref),))


def bibob_file_resource(ref: str) -> Resource:
    return Resource("BibobFile", ref, (("ref", ref),))


def job_resource(name: str) -> Resource:
    return Resource("Job", name)


class Policy:
    """A validated Cedar policy set and the decisions it makes."""

    def __init__(self, folder: Path) -> None:
        schema_path = folder / "schema.cedarschema"
        if not schema_path.exists():
            schema_path = POLICY_FOLDER / "schema.cedarschema"
        files = sorted(folder.glob("*.cedar"))
        if not files:
            raise UsageError(f"no policy files (*.cedar) in {folder}")
        self.schema = schema_path.read_text(encoding="utf-8")
        self.text = "\n".join(path.read_text(encoding="utf-8") for path in files)
        checked = cedarpy.validate_policies(self.text, self.schema)
        if not checked.validation_passed:
            problems = "; ".join(str(error) for error in checked.errors)
            raise UsageError(f"the policy files in {folder} do not validate: {problems}")
        self.policy_set = cedarpy.PolicySet.from_str(self.text)
        self.names = _policy_names(self.text)
        self.folder = folder

    def allowed(
        self, actor: Actor, action: Action, resource: Resource, context: dict[str, str]
    ) -> Decision:
        """Cedar's decision for one request (cached: the inputs fully determine it)."""
        return self._decide(
            _principal(actor), action, resource, context["purpose"], context["case"]
        )

    @cache  # noqa: B019 - one Policy per process; its decisions are pure functions of the key
    def _decide(
        self,
        principal: tuple[Any, ...],
        action: Action,
        resource: Resource,
        purpose: str,
        case: str,
    ) -> Decision:
        user, partner, roles, local, job = principal
        entities: list[dict[str, Any]] = [
            {
                "uid": _uid("User", user),
                "attrs": {"partner": partner, "local": local, "job": job},
                "parents": [_uid("Role", role) for role in roles],
            },
            *({"uid": _uid("Role", role), "attrs": {}, "parents": []} for role in roles),
            resource.entity(),
        ]
        request = {
            "principal": _uid("User", user),
            "action": _uid("Action", action.value),
            "resource": _uid(resource.kind, resource.name),
            "context": {"purpose": purpose, "case": case},
        }
        result = cedarpy.is_authorized(request, self.policy_set, entities)
        if result.diagnostics.errors:
            raise UsageError(f"policy evaluation failed: {result.diagnostics.errors}")
        reasons = tuple(self.names.get(r, r) for r in result.diagnostics.reasons)
        return Decision(allowed=result.allowed, policies=reasons)


def _principal(actor: Actor) -> tuple[Any, ...]:
    roles = tuple(sorted(Role(role).value for role in actor.roles))
    return (actor.user, actor.partner, roles, actor.local, actor.job.value if actor.job else "")


def _uid(kind: str, name: str) -> dict[str, str]:
    return {"type": f"{NAMESPACE}::{kind}", "id": name}


def _policy_names(text: str) -> dict[str, str]:
    """Cedar's positional policy ids (policy0, ...) to the ``@id`` each policy file gives."""
    parsed = json.loads(cedarpy.policies_to_json_str(text))
    return {
        key: (policy.get("annotations") or {}).get("id", key)
        for key, policy in parsed["staticPolicies"].items()
    }


@cache
def load_policy(folder: Path | None = None) -> Policy:
    """The policy of this deployment: VERWEVEN_POLICY_DIR if set, else the shipped files."""
    return Policy(folder or get_settings().policy_dir or POLICY_FOLDER)


def dataset_resource(dataset: Dataset) -> Resource:
    """A registered dataset as the policies see it: partner, sensitivity, purposes, basis."""
    return Resource(
        "Dataset",
        dataset.name,
        (
            ("partner", dataset.partner),
            ("sensitivity", dataset.sensitivity.value),
            ("purposes", tuple(dataset.purposes)),
            ("legal_basis", dataset.legal_basis.article),
        ),
    )
