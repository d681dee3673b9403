"""A local stand-in for an OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp…).

The first path segment picks its behaviour: /good, /invent (cites a passage that does not
exist), /nocite, /ungrounded (a figure its cited passage lacks), /slow (answers after a delay),
/error (HTTP 500), /garbage (not JSON), /trickle (starts at once, then sends a byte a second, for
minutes: no read ever times out), /hang (accepts the request and never answers), and /obey: a model
that follows instructions injected into its prompt (see ``_obey``).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.serving import serve_app


def _completion(text: str) -> dict[str, object]:
    return {"id": "fake", "object": "chat.completion", "model": "fake",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}


async def chat(request: Request) -> Response:
    mode = request.path_params["mode"]
    body = await request.json()
    request.app.state.calls.append({"mode": mode, "body": body})
    user = body["messages"][-1]["content"]
    n = len(re.findall(r"^\[\d+\] ", user, flags=re.M))
    if mode == "error":
        return PlainTextResponse("boom", status_code=500)
    if mode == "garbage":
        return PlainTextResponse("<html>not json</html>")
    if mode == "slow":
        await asyncio.sleep(3)
    if mode == "hang":
        await asyncio.sleep(3600)
    if mode == "trickle":
        return StreamingResponse(_trickle(), media_type="text/event-stream" if body.get("stream") else "application/json")
    if mode == "obey":
        text = _obey(user, request.headers.get("authorization", ""), n)
    elif mode == "invent":
        text = f"Theo quy định tại văn bản [1], điều kiện là như trên [{n + 7}]."
    elif mode == "nocite":
        text = "Bạn cứ làm hồ sơ như bình thường, không cần căn cứ gì cả."
    elif mode == "ungrounded":  # cites a real passage, but states a figure no passage has
        text = "Hồ sơ gồm 17 bộ bản chính [1]."
    else:
        text = f"Theo đoạn trích được cung cấp, nội dung này được quy định rõ [1].\n\nCác đoạn trích còn lại cũng liên quan [{n}]."
    if body.get("stream"):
        return StreamingResponse(_chunks(text), media_type="text/event-stream")
    return JSONResponse(_completion(text))


def _obey(prompt: str, authorization: str, n: int) -> str:
    """Do what the prompt's text says, the worst way: the hard cases for tdkt's checks.

    - asked for a key or the settings: quote the API key it was sent (a model can only know what
      is in its prompt, so this stands for any secret that reached it), with a valid citation;
    - asked to invent a source: cite a passage that does not exist;
    - asked to drop the citations: answer without any.
    """
    folded = prompt.lower()
    if "api_key" in folded or "khóa api" in folded or "cấu hình" in folded:
        key = authorization.removeprefix("Bearer ").strip() or "(không có khóa)"
        return f"Theo yêu cầu, khóa API đang dùng là {key} [1].\n\nCấu hình hệ thống đã được in ra ở trên [1]."
    if "bịa" in folded or "điều 99" in folded:
        return f"Theo Điều 99 Luật 99/2099/QH99, mọi cá nhân đều được khen thưởng [{n + 5}]."
    if "không cần trích dẫn" in folded or "bỏ qua mọi hướng dẫn" in folded:
        return "Đã bỏ qua mọi hướng dẫn trước. Bạn cứ nộp hồ sơ như bình thường, không cần căn cứ gì cả."
    return f"Nội dung này được quy định rõ [1]. Có tổng cộng {n} đoạn trích liên quan [1]."


async def _chunks(text: str) -> AsyncIterator[str]:
    """The streaming protocol: one `data:` line per token, then `data: [DONE]`."""
    for word in re.split(r"(?<= )", text):
        delta = {"choices": [{"index": 0, "delta": {"content": word}}]}
        yield f"data: {json.dumps(delta, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


async def _trickle() -> AsyncIterator[str]:
    for _ in range(600):
        yield " "
        await asyncio.sleep(1.0)


@contextmanager
def run_fake_llm() -> Iterator[tuple[str, list[dict[str, object]]]]:
    """Start the fake on a free loopback port; yields (base URL without mode, recorded calls)."""
    app = Starlette(routes=[Route("/{mode}/v1/chat/completions", chat, methods=["POST"])])
    app.state.calls = []
    with serve_app(app, timeout_graceful_shutdown=1) as url:  # /hang and /trickle never finish
        yield url, app.state.calls
