"""`/metrics`: Prometheus text with requests, latency, answers, refusals and feedback, one registry per app."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from bots.web import create_app
from tests.bots.live_server import NEW_LAW_ID, OFF_TOPIC, QUESTION, build_index


def samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    resp = client.get("/metrics")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(resp.text) for s in family.samples}


def value(found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_answers_refusals_and_feedback_are_counted(tmp_path: Path) -> None:
    settings = build_index(tmp_path, rate_limit_per_minute=1000)
    with TestClient(create_app(settings)) as client:
        answered = client.post("/api/ask", json={"question": QUESTION}).json()
        assert client.post("/api/ask", json={"question": OFF_TOPIC}).json()["refused"] is True
        client.post("/api/feedback", json={"answer_id": answered["id"], "rating": "up"})
        client.post("/api/feedback", json={"answer_id": answered["id"], "rating": "down"})
        client.post("/api/feedback", json={"answer_id": answered["id"], "rating": "down"})
        client.get(f"/api/documents/{NEW_LAW_ID}/articles/2")
        client.get("/api/documents/khong-co")
        for n in range(5):  # a scanner's random paths share one series
            client.get(f"/wp-admin/{n}.php")
        found = samples(client)
    assert value(found, "tdkt_http_requests_total", method="POST", route="/api/ask", status="200") == 2
    assert value(found, "tdkt_http_requests_total", method="GET",
                 route="/api/documents/{doc_id}/articles/{article}", status="200") == 1
    assert value(found, "tdkt_http_requests_total", method="GET", route="/api/documents/{doc_id}", status="404") == 1
    assert value(found, "tdkt_http_requests_total", method="GET", route="<unmatched>", status="404") == 5
    assert value(found, "tdkt_http_request_duration_seconds_count", method="POST", route="/api/ask") == 2
    assert value(found, "tdkt_http_request_duration_seconds_bucket", method="POST", route="/api/ask", le="+Inf") == 2
    assert value(found, "tdkt_answers_total", channel="web") == 2
    assert value(found, "tdkt_refusals_total", channel="web") == 1
    assert value(found, "tdkt_feedback_total", rating="up") == 1
    assert value(found, "tdkt_feedback_total", rating="down") == 2
    assert not any("wp-admin" in str(labels) for _, labels in found)


def test_each_app_has_its_own_registry(tmp_path: Path) -> None:
    first = build_index(tmp_path / "a")
    second = build_index(tmp_path / "b")
    with TestClient(create_app(first)) as one, TestClient(create_app(second)) as two:
        one.post("/api/ask", json={"question": QUESTION})
        one.post("/api/ask", json={"question": QUESTION})
        two.post("/api/ask", json={"question": QUESTION})
        assert value(samples(one), "tdkt_answers_total", channel="web") == 2
        assert value(samples(two), "tdkt_answers_total", channel="web") == 1


def test_metrics_stay_out_of_the_api_description(tmp_path: Path) -> None:
    with TestClient(create_app(build_index(tmp_path))) as client:
        assert "/metrics" not in client.get("/openapi.json").json()["paths"]
