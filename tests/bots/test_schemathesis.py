"""Every operation of the OpenAPI spec, fed generated and malformed input by schemathesis: never a 5xx.

A real uvicorn server over a small index. Each generated request is sent twice: as generated
(no admin token) and with the admin token, so the admin operations are exercised past the
token check too. ``TDKT_FUZZ_EXAMPLES`` sets the examples per operation (default 50, < 60 s).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from bots.settings import load
from bots.web import create_app
from tests.bots.live_server import build_index, serve_app

TOKEN = "schemathesis-admin-token"
EXAMPLES = int(os.environ.get("TDKT_FUZZ_EXAMPLES", "50"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("schemathesis")
    # docs_dirs: an upload that parses triggers a real re-index of the folder and the uploads.
    settings_ = build_index(root, admin_token=TOKEN, rate_limit_per_minute=1_000_000, max_upload_bytes=200_000,
                            docs_dirs=[root / "docs"])
    with serve_app(create_app(settings_)) as url:
        yield url


# The spec as the app publishes it at /openapi.json; building it opens nothing (the lifespan does that).
# (schemathesis.pytest.from_fixture would load it from the live server, but breaks on pytest 9.)
schema = schemathesis.openapi.from_dict(create_app(load(data_dir=Path("unused"))).openapi())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_5xx(case: Any, server: str) -> None:
    for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):
        response = case.call(base_url=server, headers=headers, timeout=60)
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400:  # every refusal is the JSON error shape, never a traceback
            error = response.json()["error"]
            assert error["code"] and error["message"] and "Traceback" not in response.text


def test_the_server_counted_no_5xx(server: str) -> None:
    """The server's own count, after the operations above: every status it sent, none a 5xx."""
    import httpx
    from prometheus_client.parser import text_string_to_metric_families

    text = httpx.get(f"{server}/metrics", timeout=10).text
    counted = [s for f in text_string_to_metric_families(text) for s in f.samples if s.name == "tdkt_http_requests_total"]
    assert counted and not [s for s in counted if s.labels["status"].startswith("5")]
