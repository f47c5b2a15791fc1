"""`make serve`'s server: gunicorn with newsroom/gunicorn.conf.py, over real HTTP."""

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def printed_config(**environment) -> dict[str, str]:
    done = subprocess.run(
        [str(GUNICORN), "-c", "newsroom/gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    pairs = (line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_workers_threads_and_address_come_from_the_environment():
    config = printed_config(GUNICORN_WORKERS="3", GUNICORN_THREADS="4", GUNICORN_BIND="0.0.0.0:9000")

    assert {key: config[key] for key in ("workers", "threads", "worker_class", "bind", "preload_app")} == {
        "workers": "3",
        "threads": "4",
        "worker_class": "gthread",
        "bind": "['0.0.0.0:9000']",
        "preload_app": "True",
    }


def test_one_thread_means_sync_workers_one_per_core_by_default():
    config = printed_config(GUNICORN_WORKERS="", GUNICORN_THREADS="", HOST="127.0.0.1", PORT="8123")

    assert (config["workers"], config["worker_class"], config["bind"]) == (
        str(os.cpu_count()),
        "sync",
        "['127.0.0.1:8123']",
    )


@pytest.fixture
def server(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "gunicorn.log"
    environment = {**os.environ, "GUNICORN_WORKERS": "1", "PORT": str(port), "HOST": "127.0.0.1"}
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "newsroom/gunicorn.conf.py"],
        cwd=ROOT,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
            break
        except OSError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    yield base, log
    process.terminate()
    process.wait(30)


def test_gunicorn_serves_the_health_check_and_static_files_and_logs_json_lines(server):
    base, log = server

    with urllib.request.urlopen(f"{base}/healthz", timeout=10) as health:
        health_body = json.load(health)
    with urllib.request.urlopen(f"{base}/static/admin/css/base.css", timeout=10) as css:
        css_type, css_body = css.headers["Content-Type"], css.read()
    time.sleep(0.3)

    requests = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert health_body == {"status": "ok"}
    assert css_type.startswith("text/css")
    assert b"body" in css_body
    assert [(line["path"], line["status"]) for line in requests][-2:] == [
        ("/healthz", 200),
        ("/static/admin/css/base.css", 200),
    ]
    assert requests[-1]["pid"] != os.getpid()
