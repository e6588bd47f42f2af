"""Shared fixtures: the local SQS emulator's endpoint, and canned HTTP
servers on 127.0.0.1 whose answers a test writes as a Python function."""

from __future__ import annotations

import http.server
import os
import socketserver
import threading
import uuid
from typing import Callable, Dict, List, Optional, Tuple

import pytest

Handler = Callable[["Request"], Tuple[int, Dict[str, str], bytes]]


class Request:
    def __init__(self, method: str, path: str, headers: List[Tuple[str, str]], body: bytes) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    def header(self, name: str) -> Optional[str]:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class _ThreadingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class CannedServer:
    """An HTTP/1.1 server on 127.0.0.1 answering every request with handler()."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: List[Request] = []
        outer = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: object) -> None:
                pass

            def _serve(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                req = Request(self.command, self.path, list(self.headers.items()), body)
                outer.requests.append(req)
                status, headers, out = outer.handler(req)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self.server = _ThreadingServer(("127.0.0.1", 0), H)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canned():
    servers: List[CannedServer] = []

    def start(handler: Handler) -> CannedServer:
        s = CannedServer(handler)
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.close()


def json_response(body: bytes, status: int = 200, extra: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], bytes]:
    h = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": str(uuid.uuid4())}
    if extra:
        h.update(extra)
    return status, h, body


@pytest.fixture
def sqs_endpoint() -> str:
    ep = os.environ.get("GOSOTO_TEST_SQS_ENDPOINT")
    if not ep:
        pytest.skip("no local SQS emulator (run under tests/scripts/with-sqs-emulator.sh)")
    return ep


@pytest.fixture
def sqs(sqs_endpoint):
    import gosoto

    c = gosoto.client(
        "sqs",
        region_name="us-east-1",
        endpoint_url=sqs_endpoint,
        aws_access_key_id="AKIDGOSOTOLOCALTEST",
        aws_secret_access_key="gosoto-local-test-secret",
    )
    yield c
    c.close()


@pytest.fixture
def queue(sqs):
    name = "pyq-" + uuid.uuid4().hex[:12]
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    yield name, url
    try:
        sqs.delete_queue(QueueUrl=url)
    except Exception:
        pass
