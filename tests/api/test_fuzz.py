"""Property-based fuzzing of every documented operation (schemathesis): no input may cause a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory, shared_corpus):
    import os

    from api.app import create_app
    from assistant.config import Settings
    from assistant.knowledge.ingest import ingest_paths

    home = tmp_path_factory.mktemp("fuzz-home")
    fuzz_settings = Settings(home=home, rate_limit_per_minute=0)
    assert not ingest_paths([shared_corpus / "regulations"], settings=fuzz_settings).errors
    assert "ASSISTANT_LLM_BASE_URL" not in os.environ
    return create_app(fuzz_settings)


def test_no_input_causes_a_server_error(fuzz_app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    checked, calls = 0, []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_server_error(case):
            response = case.call()
            calls.append(case.path)
            assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:300]}"

        no_server_error()
        checked += 1
    assert checked >= 10 and len(calls) >= 10 * checked
