"""The published OpenAPI schema, checked from outside by schemathesis.

A live server on the test database (real PostgreSQL) publishes /api/schema/;
schemathesis reads it over HTTP and sends generated requests, schema-conforming
and schema-violating, to every operation in it, the callback endpoint included.
No response may be a 5xx, and each must conform to the schema.

Each operation gets a bounded number of examples so the suite stays fast.
(schemathesis's own pytest loader for live fixtures does not run on this
pytest, so the operations are driven through its public strategy API.)
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import checks as core_checks
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi import checks

from lyricsapp.models import Lyric, Task

# Small for the everyday suite; raise it for a deeper run, e.g.
# SCHEMATHESIS_MAX_EXAMPLES=500 pytest tests/api/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
CALLBACK_TOKEN = "test-token"

# What every operation must satisfy.
CONFORMANCE = [
    core_checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
# The read API also rejects what its schema rules out and accepts what it allows.
READ_API_CHECKS = [
    *CONFORMANCE,
    checks.negative_data_rejection,
    checks.positive_data_acceptance,
    checks.ignored_auth,
]
# The workspace's writes refuse some schema-valid bodies for what a schema cannot
# say (a stale version, an order that is not exactly the members, an unknown
# lyric id): each a 400 or 409 naming the problem, so no positive_data_acceptance.
WRITE_API_CHECKS = [
    check for check in READ_API_CHECKS if check is not checks.positive_data_acceptance
]


@pytest.fixture
def token(transactional_db, django_user_model):
    user = django_user_model.objects.create_user("reader", password="unused-password-1")
    task = Task.objects.create(
        task_id="3b66882fde0a5d398bd269cab6d9542b", status="complete", code=200
    )
    Lyric.objects.create(
        task=task, position=0, title="星夜狂想", text="[Verse]\n月光洒满了窗台", status="complete"
    )
    return Token.objects.create(user=user).key


@pytest.fixture
def operations(live_server, settings):
    settings.PUBLIC_API_DOCS = True
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    found = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in found} >= {
        "/api/v1/tasks/",
        "/api/v1/tasks/{task_id}/",
        "/api/v1/lyrics/",
        "/api/v1/lyrics/{id}/",
        "/callbacks/suno/lyrics/",
    }
    return found


def _fuzz(operation, mode, token):
    is_callback = operation.path.startswith("/callbacks/")

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        if is_callback:
            # The provider's body is read tolerantly (aliases, first spelling
            # wins), which JSON Schema cannot say exactly: only conformance
            # of the answers is checked here; test_callback_* cover the rest.
            case.call_and_validate(params={"token": CALLBACK_TOKEN}, checks=CONFORMANCE)
        else:
            writes = operation.method.upper() != "GET"
            case.call_and_validate(
                headers={"Authorization": f"Token {token}"},
                checks=WRITE_API_CHECKS if writes else READ_API_CHECKS,
            )

    run()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_it_conforms_to_its_schema(operations, token, mode):
    failures = []
    for operation in operations:
        try:
            _fuzz(operation, mode, token)
        except Unsatisfiable:
            # No request can violate this operation's schema (the task
            # detail's only input is any path segment): nothing to send.
            assert mode == GenerationMode.NEGATIVE, operation.label
        except Exception as exc:  # noqa: BLE001 (collect every operation's failure)
            failures.append(f"{operation.method.upper()} {operation.path}:\n{exc}")
    assert not failures, "\n\n".join(failures)
