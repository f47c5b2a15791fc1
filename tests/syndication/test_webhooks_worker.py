"""Webhooks end to end: the real task queue (Redis), a real worker process (`make worker`'s
command) and a real HTTP receiver. The receiver is down, then answers 500s and too slowly; the
worker is killed (SIGKILL) mid-way and started again; every event still arrives, signed, and a
receiver that deduplicates on the idempotency key processes each exactly once.

PostgreSQL only: the worker is another process, and the SQLite test database lives in memory.
On SQLite the same delivery code is tested in-process (test_webhooks.py).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from articles import services
from articles.models import ChangeEvent, WebhookAttempt, WebhookDelivery, WebhookSubscription
from articles.policies import SYSTEM
from articles.syndication import dispatch
from newsroom.celery import app as celery_app
from tests.support.content import published_article
from tests.syndication.receiver import Receiver

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/5")
ROOT = Path(__file__).resolve().parents[2]
SECRET = "whsec_e2e"


def broker_available() -> bool:
    try:
        return redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def queue(settings):
    """A queue of our own on the test broker, for the worker and for this process's messages."""
    if not broker_available():
        pytest.fail(f"Redis is not running at {BROKER} (.ci/run starts it)")
    name = f"newsroom-test-{uuid.uuid4().hex[:8]}"
    saved = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    celery_app.conf.broker_url, celery_app.conf.task_default_queue = BROKER, name
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.amqp.__dict__.pop("queues", None)
    celery_app.amqp._queues = None
    yield name
    celery_app.conf.broker_url, celery_app.conf.task_default_queue = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.amqp._queues = None
    dispatch._subscribers_checked_at = -1e9  # later tests look again for subscriptions
    redis.Redis.from_url(BROKER).delete(name)


class Worker:
    """`celery -A newsroom worker -B` against the test database and the test queue."""

    def __init__(self, queue: str, tmp_path: Path):
        database = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "CELERY_BROKER_URL": BROKER,
            "CELERY_QUEUE": queue,
            "WEBHOOK_SWEEP_SECONDS": "1",
            "WEBHOOK_BACKOFF_BASE": "0.3",
            "WEBHOOK_BACKOFF_CAP": "1.5",
            "WEBHOOK_TIMEOUT": "1",
            "WEBHOOK_MAX_ATTEMPTS": "50",
        }
        self.tmp_path = tmp_path
        self.process = None
        self.runs = 0

    def start(self):
        self.runs += 1
        log = open(self.tmp_path / f"worker-{self.runs}.log", "w")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "newsroom",
                "worker",
                "-B",
                "--pool=solo",
                "--loglevel=INFO",
                "--schedule",
                str(self.tmp_path / "beat-schedule"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """A crash: SIGKILL to the worker and its embedded beat, no warm shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_every_event_arrives_once_per_key_through_failures_and_a_worker_crash(queue, tmp_path):
    receiver = Receiver(secret=SECRET)
    subscription = services.webhook_save(
        actor=SYSTEM, subscription=WebhookSubscription(), data={"name": "شريك", "url": receiver.url, "secret": SECRET}
    )
    stories = [published_article(f"خبر {number}") for number in range(3)]
    worker = Worker(queue, tmp_path)
    try:
        # 1. The receiver is down: deliveries fail and are retried.
        worker.start()
        wait_for(
            lambda: WebhookAttempt.objects.filter(error__startswith="ConnectionRefused").count() >= 3, what="refusals"
        )
        # 2. It comes up answering 500, 500, too slowly, 500, then 200.
        receiver.script = [500, 500, ("slow", 1.6), 500]
        receiver.start()
        wait_for(lambda: WebhookDelivery.objects.filter(state="delivered").exists(), what="a first delivery")
        # 3. The worker crashes; the newsroom goes on.
        worker.kill()
        services.article_transition(actor=SYSTEM, article=stories[0], name="correct", note="صُحّح العنوان.")
        services.article_transition(actor=SYSTEM, article=stories[1], name="retract", note="سُحب الخبر.")
        services.article_update(actor=SYSTEM, article=stories[2], data={"summary": "ملخص جديد"})
        # 4. A new worker finishes the work.
        worker.start()
        expected = {
            f"evt_{pk}"
            for pk in ChangeEvent.objects.filter(public=True, id__gt=subscription.starts_after).values_list(
                "id", flat=True
            )
        }
        wait_for(
            lambda: set(WebhookDelivery.objects.filter(state="delivered").values_list("event_id", flat=True))
            == {int(key.removeprefix("evt_")) for key in expected},
            what="every delivery",
        )
        time.sleep(1.0)  # let a slow request that the sender gave up on finish arriving
    finally:
        worker.stop()
        receiver.stop()

    processed = receiver.processed()
    assert set(processed) == expected
    assert len(expected) == 6
    assert all(request.signature_ok for request in receiver.requests)
    assert sorted(body["type"] for body in processed.values()) == [
        "article.corrected",
        "article.published",
        "article.published",
        "article.published",
        "article.retracted",
        "article.updated",
    ]
    errors = list(WebhookAttempt.objects.values_list("error", flat=True))
    assert any(error.startswith("ConnectionRefused") for error in errors)
    assert any(error == "HTTP 500" for error in errors)
    assert any("timed out" in error for error in errors)
    assert WebhookDelivery.objects.exclude(state="delivered").count() == 0
