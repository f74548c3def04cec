"""Who acts, for which partner, purpose and case — and whether the policy allows it.

The store calls the decision point (``Policy.allowed``) on every path; nothing else decides
access. The rules are Cedar policy files in ``policies/`` (see docs/access.md).
"""

from verweven.access.account import Account, TokenInfo
from verweven.access.actions import Action
from verweven.access.actor import Actor
from verweven.access.credentials import (
    digests_equal,
    hash_password,
    new_token,
    password_matches,
    split_token,
    token_digest,
)
from verweven.access.policy import (
    Decision,
    Policy,
    Resource,
    bibob_file_resource,
    case_resource,
    dataset_resource,
    job_resource,
    load_policy,
    partner_resource,
    purpose_resource,
    store_resource,
)
from verweven.access.purposes import Purpose, get_purpose, load_purposes
from verweven.access.roles import Job, Role

__all__ = [
    "Account",
    "Action",
    "Actor",
    "Decision",
    "Job",
    "Policy",
    "Purpose",
    "Resource",
    "Role",
    "TokenInfo",
    "bibob_file_resource",
    "case_resource",
    "dataset_resource",
    "digests_equal",
    "get_purpose",
    "hash_password",
    "job_resource",
    "load_policy",
    "load_purposes",
    "new_token",
    "partner_resource",
    "password_matches",
    "purpose_resource",
    "split_token",
    "store_resource",
    "token_digest",
]
