"""Python's garbage collector in a server process: between requests, not during them.

A request builds thousands of objects that refer to each other (Django's prefetches link every
article and its parts both ways, DRF's serializer fields point back at their serializers), so
most of what a request leaves behind is freed by the cycle collector, not by reference counting.
With Python's default thresholds the collector runs every 700 allocations, in the middle of a
request: the page's objects, still alive, are promoted to the oldest generation, die there, and
are found only by a full collection, which walks every object of the process and landed on about
one request in ten (20–30 ms on the benchmark machine: a search page's p95 of 50–70 ms against a
p50 of 33–41 ms, bench/RESULTS.md).

So `install()`, which newsroom/wsgi.py and newsroom/asgi.py call once the application is loaded:

* loads what Django would otherwise load on the first request (the URLconf, and with it every
  view, serializer and admin module; each language's translations; the Redis client), then
  freezes what the process has loaded (Django, the apps, their modules): it lives as long as the
  process, and no collection walks it again. Without that first step the modules imported by the
  first request, about 50,000 objects, stayed in the collector's sight, and the full collection
  after each response cost 10 ms or more: a worker answering from the response cache managed 39
  requests a second instead of about 1,000 (bench/RESULTS.md "Serving: what the figures say");
* lets the youngest generation grow to YOUNG_THRESHOLD allocations before a collection, so that a
  usual request runs without one (a large import still collects as it goes);
* after each response (Django's request_finished, sent once the server has written the response)
  runs a full collection: what that request left, wherever a collection during the request had
  already promoted it, is freed once the client has its answer. Since everything loaded at start
  is frozen, a full collection walks only what was made since (a millisecond or so).

Memory: a page of 20 full articles builds more than YOUNG_THRESHOLD objects, so collections do
run during such a request and promote the page's live objects to the oldest generation, where
they die. Collected only every 1,000th response (the previous setting), that garbage grew a
worker to 1.4 GB under a list-page load; collected after every response, a worker stays near
Python's defaults (bench/worker_memory.py, figures in bench/RESULTS.md "Worker memory").
FULL_EVERY stays adjustable (NEWSROOM_GC_FULL_EVERY), and NEWSROOM_GC=python leaves Python's
own settings untouched (no freeze, default thresholds, no collection after responses).
"""

import gc
import itertools
import os

from django.core.signals import request_finished

#: Allocations of container objects before Python collects the youngest generation (default 700).
YOUNG_THRESHOLD = 100_000
#: One response in this many is followed by a full collection instead of a young one (1: every
#: response; see "Memory" above).
FULL_EVERY = max(1, int(os.environ.get("NEWSROOM_GC_FULL_EVERY", "1")))
#: "server" (this module's settings) or "python" (Python's defaults, nothing installed).
MODE = os.environ.get("NEWSROOM_GC", "server")

_responses = itertools.count(1)


def after_response(**kwargs) -> None:
    """Collect what a finished request left (request_finished receiver)."""
    if next(_responses) % FULL_EVERY:
        gc.collect(1)
    else:
        gc.collect()


def load_lazy_parts() -> None:
    """What the first request would load: the URLconf (with it the views, serializers and the admin),
    the translation catalogue of each language and, with the response cache on, the Redis client's
    modules (articles/history/content_version.py imports them when first used)."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    from articles.history import content_version

    get_resolver()._populate()
    if content_version.enabled():
        import redis  # noqa: F401
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Newsroom")


def install() -> None:
    """Set up the collector for a server process (see the module docstring); call it once, when
    the application is loaded."""
    if MODE == "python":
        return
    load_lazy_parts()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    request_finished.connect(after_response, dispatch_uid="newsroom.collector.after_response")
