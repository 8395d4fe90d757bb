"""Fixtures for the API tests: an app over a fresh ASSISTANT_HOME and an in-process client."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def app(home):
    from api.app import create_app

    return create_app()


@pytest.fixture
def client(app):
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
