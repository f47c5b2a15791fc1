"""A real HTTP receiver of webhooks for the tests: a threaded http.server on 127.0.0.1 that checks
each request's signature, records it, and answers as the test tells it to (500s, slow answers)."""

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from articles.syndication import signing


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    key: str
    event_type: str
    body: dict
    signature_ok: bool
    status: int | None


@dataclass
class Receiver:
    secret: str
    port: int = field(default_factory=free_port)
    #: Answers to give, in order, before answering 200: an int status, or ("slow", seconds).
    script: list = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/newsroom"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    signing.verify(receiver.secret, body, self.headers.get("Newsroom-Signature", ""))
                    ok = True
                except signing.SignatureError:
                    ok = False
                answer = receiver.script.pop(0) if receiver.script else 200
                received = Received(
                    self.headers["Idempotency-Key"], self.headers["Newsroom-Event-Type"], json.loads(body), ok, None
                )
                receiver.requests.append(received)
                if isinstance(answer, tuple):  # ("slow", seconds): answer 200, too late for the sender
                    time.sleep(answer[1])
                    answer = 200
                status = received.status = answer if ok else 400
                try:
                    self.send_response(status)
                    self.end_headers()
                    self.wfile.write(b"ok" if status == 200 else b"no")
                except OSError:  # the sender gave up waiting (a timeout the test asked for)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def processed(self) -> dict[str, dict]:
        """What a receiver that deduplicates on the idempotency key processes: the first accepted
        request of each key."""
        seen: dict[str, dict] = {}
        for request in self.requests:
            if request.status == 200 and request.signature_ok and request.key not in seen:
                seen[request.key] = request.body
        return seen
