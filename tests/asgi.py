"""A minimal synchronous client for an ASGI app (no httpx in the environment): one request, the whole answer.

`get(app, "/api/assemblies.json?country=FR", headers={"If-None-Match": …})` -> Answer(status, headers, body).
Headers are lower-cased; a header given twice keeps its last value.
"""
from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def request(app, method: str, url: str, headers: dict | None = None, host: str = "testserver") -> Answer:
    parts = urlsplit(url)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": parts.path, "raw_path": parts.path.encode(), "root_path": "",
             "query_string": parts.query.encode("utf-8", "surrogateescape"), "server": (host, 80), "client": ("127.0.0.1", 5000),
             "headers": [(b"host", host.encode())] + [(k.lower().encode(), v.encode("latin-1"))
                                                     for k, v in (headers or {}).items()]}
    out = {"status": None, "headers": {}, "body": b""}
    sent = []

    async def receive():  # the request once, then nothing until the response is over (as a live client)
        if not sent:
            sent.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode().lower(): v.decode("latin-1") for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    _run(app(scope, receive, send))
    return Answer(out["status"], out["headers"], out["body"])


def _run(coroutine) -> None:
    """asyncio.run in a thread of its own: in a whole test run, Playwright's sync API keeps an event loop running in
    the main thread (the browser tests' session fixture), where asyncio.run refuses to start."""
    failure: list[BaseException] = []

    def target():
        try:
            asyncio.run(coroutine)
        except BaseException as exc:  # raised again in the caller's thread
            failure.append(exc)
    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def get(app, url: str, headers: dict | None = None, host: str = "testserver") -> Answer:
    return request(app, "GET", url, headers, host)
