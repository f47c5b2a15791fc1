"""What the serving benchmarks share: the read mix, a gunicorn under test, a worker's memory and the
machine's description (their sections of RESULTS.md are written by bench/report.py). Used by
bench/worker_memory.py and bench/load.py.

The read mix (paths sampled from the corpus in DATABASE_URL, seeded, so the same corpus gives the
same paths), by weight:
  detail 40 (an article by UUID), list 10 (page 1 to 5, full representation), list-fields 10
  (page 1 to 50, `?fields=uuid,url,headline,summary,published_at`), entity 10 and source 5 (an
  entity's or a source's articles; entities of median frequency), date 10 (one month), search 10
  (`?q=` with one or two words of the corpus), entity-detail 5.
"""

import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

MIX = {
    "detail": 40,
    "list": 10,
    "list-fields": 10,
    "entity": 10,
    "source": 5,
    "date": 10,
    "search": 10,
    "entity-detail": 5,
}
SEARCH_WORDS = ["إيران", "الحكومة", "الرئيس", "الاقتصاد", "النفط", "الانتخابات", "وزير الخارجية", "الأمم المتحدة"]


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must name the PostgreSQL database holding the corpus (bench/README.md)")
    return url


def corpus_facts(url: str) -> dict:
    """What the mix samples from: public article UUIDs, entities and sources of median frequency."""
    with psycopg.connect(url) as conn:
        articles = conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        uuids = [
            str(row[0])
            for row in conn.execute(
                "SELECT uuid FROM articles_article WHERE status IN ('published', 'corrected') "
                "AND published_at <= now() ORDER BY id DESC LIMIT 5000"
            )
        ]
        entities = [
            row[0]
            for row in conn.execute(
                "SELECT e.slug FROM articles_entity e JOIN articles_mention m ON m.entity_id = e.id "
                "GROUP BY e.slug ORDER BY count(*), e.slug"
            )
        ]
        sources = [
            row[0]
            for row in conn.execute(
                "SELECT s.slug FROM articles_source s JOIN articles_attribution a ON a.source_id = s.id "
                "GROUP BY s.slug ORDER BY count(*), s.slug"
            )
        ]
    middle = lambda names: names[len(names) // 4 : 3 * len(names) // 4] or names  # noqa: E731
    return {"articles": articles, "uuids": uuids, "entities": middle(entities), "sources": middle(sources)}


def read_paths(facts: dict, count: int, seed: int = 7) -> list[tuple[str, str]]:
    """`count` (kind, path) pairs of the read mix."""
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    paths = []
    for kind in kinds:
        if kind == "detail":
            path = f"/api/v1/articles/{rng.choice(facts['uuids'])}/"
        elif kind == "list":
            path = f"/api/v1/articles/?page={rng.randint(1, 5)}"
        elif kind == "list-fields":
            path = f"/api/v1/articles/?page={rng.randint(1, 50)}&fields=uuid,url,headline,summary,published_at"
        elif kind == "entity":
            path = f"/api/v1/articles/?entity={rng.choice(facts['entities'])}"
        elif kind == "source":
            path = f"/api/v1/articles/?source={rng.choice(facts['sources'])}"
        elif kind == "date":
            year, month = rng.randint(2013, 2025), rng.randint(1, 12)
            end = f"{year + month // 12}-{month % 12 + 1:02d}-01T00:00:00Z"
            path = f"/api/v1/articles/?published_from={year}-{month:02d}-01T00:00:00Z&published_to={end}"
        elif kind == "search":
            path = "/api/v1/articles/?q=" + urllib.parse.quote(rng.choice(SEARCH_WORDS))
        else:
            path = f"/api/v1/entities/{urllib.parse.quote(rng.choice(facts['entities']))}/"
        paths.append((kind, path))
    return paths


#: A benchmark's clients all come from one address: the per-address throttles would answer 429.
UNTHROTTLED = {"THROTTLE_ANON_RATE": "1000000/minute", "THROTTLE_USER_RATE": "1000000/minute"}


class Gunicorn:
    """A gunicorn of the project on `port`, with `env` added to the environment."""

    def __init__(self, port: int, env: dict, log: Path):
        self.port = port
        self.env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", **UNTHROTTLED, **env}
        self.log = log
        self.process = None

    def __enter__(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "newsroom/gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer on {self.port}; see {self.log}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    value = lambda name: int(re.search(rf"^{name}:\s+(\d+) kB", status, re.M).group(1)) / 1024  # noqa: E731
    return value("VmRSS"), value("VmHWM")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1024**2
    name = cpu.group(1).strip() if cpu else "unknown CPU"
    return f"{os.cpu_count()} cores ({name}), {mem:.0f} GB RAM, shared with other jobs"
