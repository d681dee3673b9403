"""`/metrics` in Prometheus' text format: requests, latency, answers, refusals, feedback.

Each app has its own registry (no global one), so a process, or a test, can run several apps.
Routes are labelled by their template (``/api/documents/{doc_id}``), and a path no route
matches by ``<unmatched>``: a scanner probing random URLs must not grow a series per URL.
"""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bots.feedback import FeedbackEntry, LoggedAnswer

__all__ = ["CONTENT_TYPE", "Metrics", "MetricsMiddleware"]

CONTENT_TYPE = CONTENT_TYPE_LATEST
UNMATCHED = "<unmatched>"
# An answer takes tens of milliseconds to a few seconds (with an LLM, up to its timeout).
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The app's counters and histogram, and the feedback store's listener."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("tdkt_http_requests", "HTTP requests by method, route and status",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("tdkt_http_request_duration_seconds",
                                 "Time from request to the end of the response, by route",
                                 ["method", "route"], buckets=_BUCKETS, registry=self.registry)
        self.answers = Counter("tdkt_answers", "Answers given, by channel (web, telegram, zalo)",
                               ["channel"], registry=self.registry)
        self.refusals = Counter("tdkt_refusals", "Questions the documents did not cover, by channel",
                                ["channel"], registry=self.registry)
        self.feedback = Counter("tdkt_feedback", "Ratings of answers, by rating (up, down)",
                                ["rating"], registry=self.registry)

    def answer_logged(self, row: LoggedAnswer) -> None:
        self.answers.labels(row.channel).inc()
        if row.refused:
            self.refusals.labels(row.channel).inc()

    def feedback_added(self, entry: FeedbackEntry) -> None:
        self.feedback.labels(entry.rating).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Count every HTTP request and time it to its last body byte (a streamed answer included)."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts: an exception escaping the app becomes a 500

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            route = scope.get("route")
            label = str(getattr(route, "path", UNMATCHED)) if route is not None else UNMATCHED
            method = str(scope.get("method", ""))
            method = method if method in _METHODS else "OTHER"
            self.metrics.requests.labels(method, label, str(status)).inc()
            self.metrics.latency.labels(method, label).observe(time.perf_counter() - started)
