"""schemathesis against the API's own OpenAPI document: for requests generated from it, no
5xx and no answer that breaks the document. Bounded (a few examples per operation), so it
runs with the other tests; a deeper run is `max_examples` away."""

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.conftest import World
from verweven.access import Role

EXAMPLES = 8
# A request the document allows may still be refused as asked (400): a hit/no-hit question with
# a name but no date of birth, the purpose stated twice, differently. Everything else is checked.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
# Logging out would end the session the other requests use (tested in test_auth.py).
SKIPPED = {"POST /api/v1/logout"}


def test_generated_requests_get_no_server_error_and_answers_that_match_the_document(
    world: World,
) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.app)
    headers = world.headers(Role.ANALIST, purpose="riec_casus", case="C-1")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.label not in SKIPPED]
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

        try:
            check()
        except Exception as error:  # a failure names the operation and the case
            failures.append(f"{operation.label}: {error}")
    assert failures == []
