"""A local stand-in for an OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp…).

The first path segment picks its behaviour: /good, /invent (cites a passage that does not
exist), /nocite, /slow (answers after a delay), /error (HTTP 500), /garbage (not JSON).
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route


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
    if mode == "invent":
        return JSONResponse(_completion(f"Theo quy định tại văn bản [1], điều kiện là như trên [{n + 7}]."))
    if mode == "nocite":
        return JSONResponse(_completion("Bạn cứ làm hồ sơ như bình thường, không cần căn cứ gì cả."))
    return JSONResponse(_completion(f"Theo đoạn trích được cung cấp, nội dung này được quy định rõ [1].\n\n"
                                    f"Có tổng cộng {n} đoạn trích liên quan [1]."))


@contextmanager
def run_fake_llm() -> Iterator[tuple[str, list[dict[str, object]]]]:
    """Start the fake on a free loopback port; yields (base URL without mode, recorded calls)."""
    app = Starlette(routes=[Route("/{mode}/v1/chat/completions", chat, methods=["POST"])])
    app.state.calls = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", app.state.calls
    finally:
        server.should_exit = True
        thread.join(timeout=5)
