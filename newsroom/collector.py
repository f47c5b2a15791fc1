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

* freezes what the process has loaded by then (Django, the apps, their modules): it lives as long
  as the process, and no collection walks it again;
* lets the youngest generation grow to YOUNG_THRESHOLD allocations before a collection, so that a
  usual request runs without one (a large import still collects as it goes);
* after each response (Django's request_finished, sent once the server has written the response)
  collects the young generations, which hold what that request left: a millisecond or so, once
  the client has its answer; every FULL_EVERY responses, a full collection instead, for the
  cycles that die among the long-lived objects.
"""

import gc
import itertools

from django.core.signals import request_finished

#: Allocations of container objects before Python collects the youngest generation (default 700).
YOUNG_THRESHOLD = 100_000
#: One response in this many is followed by a full collection instead of a young one.
FULL_EVERY = 1000

_responses = itertools.count(1)


def after_response(**kwargs) -> None:
    """Collect what a finished request left (request_finished receiver)."""
    if next(_responses) % FULL_EVERY:
        gc.collect(1)
    else:
        gc.collect()


def install() -> None:
    """Set up the collector for a server process (see the module docstring); call it once, when
    the application is loaded."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    request_finished.connect(after_response, dispatch_uid="newsroom.collector.after_response")
