#!/usr/bin/env python3
"""Mirror a Newsroom's published articles into a local SQLite file by following its change feed.

A partner's script, standard library only:

    python3 examples/mirror_published.py --api https://newsroom.example.org/api/v1 --db mirror.sqlite3

It asks GET /changes/?after=<cursor> for the events after the last one it processed; for every
article an event names it fetches the article as readers see it now (200: stored or replaced;
404 or 410 Gone: drafts, retracted and deleted articles leave the mirror), then stores the page's
articles and the new cursor in ONE SQLite transaction. Stopped at any moment (Ctrl-C, a crash, a
reboot), it resumes from the last stored cursor; a page processed twice changes nothing, since
each article is fetched in its current state. If the feed answers 410 (the cursor is older than
the feed's retention) it empties the mirror and starts again from the beginning of the feed, which
holds the latest event of every article.

    --once            stop when up to date (default: keep polling every --interval seconds)
    --max-events N    stop after N events (to test stopping midway)
    --token T         an API token (staff tokens would also mirror drafts: use a reader's)
"""

import argparse
import json
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SCHEMA = """
CREATE TABLE IF NOT EXISTS article (
    uuid TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    headline TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    published_at TEXT,
    updated_at TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_state (key TEXT PRIMARY KEY, value TEXT);
"""


class Api:
    def __init__(self, base: str, token: str | None = None, timeout: float = 30):
        self.base, self.token, self.timeout = base.rstrip("/"), token, timeout

    def get(self, url: str) -> tuple[int, dict | None]:
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            body = error.read()
            return error.code, json.loads(body) if body[:1] == b"{" else None

    def changes(self, cursor: str | None, limit: int) -> tuple[int, dict | None]:
        query = {"limit": limit, **({"after": cursor} if cursor else {})}
        return self.get(f"{self.base}/changes/?{urllib.parse.urlencode(query)}")


def open_mirror(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    return db


def stored_cursor(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM feed_state WHERE key = 'cursor'").fetchone()
    return row[0] if row else None


def apply_page(db: sqlite3.Connection, api: Api, events: list[dict], cursor: str) -> None:
    """Fetch the articles the page names (each once, in its current state) and store them with the cursor."""
    uuids = list(dict.fromkeys(event["object"]["id"] for event in events if event["object"]["type"] == "article"))
    fetched = {}
    for uuid in uuids:
        status, article = api.get(f"{api.base}/articles/{uuid}/")
        if status == 200:
            fetched[uuid] = article
        elif status in (404, 410):
            fetched[uuid] = None
        else:
            raise RuntimeError(f"GET article {uuid}: HTTP {status}")
    with db:  # one transaction: the articles and the cursor, or nothing
        for uuid, article in fetched.items():
            if article is None:
                db.execute("DELETE FROM article WHERE uuid = ?", (uuid,))
                continue
            db.execute(
                """INSERT INTO article VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (uuid) DO UPDATE SET version = excluded.version, status = excluded.status,
                     headline = excluded.headline, summary = excluded.summary, body = excluded.body,
                     language = excluded.language, published_at = excluded.published_at,
                     updated_at = excluded.updated_at, document = excluded.document
                   WHERE excluded.version >= article.version""",
                (
                    uuid,
                    article["version"],
                    article["status"],
                    article["headline"],
                    article["summary"],
                    article["body"],
                    article["language"],
                    article["published_at"],
                    article["updated_at"],
                    json.dumps(article, ensure_ascii=False, sort_keys=True),
                ),
            )
        db.execute("INSERT OR REPLACE INTO feed_state VALUES ('cursor', ?)", (cursor,))


def follow(db, api, *, once: bool, interval: float, limit: int, max_events: int | None, log=print) -> int:
    """Follow the feed; returns the number of events processed."""
    processed = 0
    while True:
        cursor = stored_cursor(db)
        status, page = api.changes(cursor, limit)
        if status == 410:
            log("The cursor has expired: rebuilding the mirror from the beginning of the feed.")
            with db:
                db.execute("DELETE FROM article")
                db.execute("DELETE FROM feed_state")
            continue
        if status != 200:
            raise RuntimeError(f"GET changes: HTTP {status} {page}")
        events = page["events"]
        if max_events is not None:
            events = events[: max_events - processed]
        if events:
            apply_page(db, api, events, events[-1]["cursor"])
            processed += len(events)
            log(f"{processed} events processed; {db.execute('SELECT count(*) FROM article').fetchone()[0]} articles.")
        if max_events is not None and processed >= max_events:
            return processed
        if not page["has_more"]:
            if once:
                return processed
            time.sleep(interval)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", required=True, help="the API's base, e.g. http://127.0.0.1:8000/api/v1")
    parser.add_argument("--db", default="mirror.sqlite3", help="the SQLite file to keep the mirror in")
    parser.add_argument("--token", help="an API token (optional)")
    parser.add_argument("--once", action="store_true", help="stop when up to date")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between polls when up to date")
    parser.add_argument("--limit", type=int, default=100, help="events per page")
    parser.add_argument("--max-events", type=int, help="stop after this many events")
    args = parser.parse_args(argv)
    db = open_mirror(args.db)
    try:
        follow(
            db,
            Api(args.api, args.token),
            once=args.once,
            interval=args.interval,
            limit=args.limit,
            max_events=args.max_events,
        )
    except KeyboardInterrupt:
        return 130
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
