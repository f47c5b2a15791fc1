"""Structured request logs: one JSON line per request, with its timings.

`RequestLogMiddleware` (the outermost middleware, so that its time covers every other one) logs
each request to the logger "newsroom.requests" as a JSON object:

    {"ts": "2026-12-07T06:01:02.345Z", "event": "request", "method": "GET",
     "path": "/api/v1/articles/", "query": "entity=iran", "status": 200, "ms": 12.4,
     "db_queries": 3, "db_ms": 4.1, "db": "replica_0", "cache": "miss", "user": null,
     "bytes": 15320, "request_id": "4f0c…", "pid": 1234}

`db` is the database the request read from ("default" or a replica alias, see
newsroom/db_router.py), `cache` what the response cache did ("hit", "miss", "wait", "bypass", or
absent when it is off: newsroom/response_cache.py), `request_id` the incoming X-Request-ID
(a load balancer's) or a new one, echoed in the response's X-Request-ID header.

`JsonFormatter` writes any log record as one JSON line (the settings use it for this logger); the
fields of a record's `fields` attribute are merged in.
"""

import json
import logging
import os
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime

from django.db import connections

logger = logging.getLogger("newsroom.requests")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        line = {"ts": stamp.replace("+00:00", "Z"), "level": record.levelname.lower(), "logger": record.name}
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class _QueryTimer:
    """A database execute wrapper that counts the request's queries and their time."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.aliases: set[str] = set()

    def wrapper_for(self, alias: str):
        def wrapper(execute, sql, params, many, context):
            self.aliases.add(alias)
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                self.seconds += time.perf_counter() - start
                self.count += 1

        return wrapper


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        start = time.perf_counter()
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex
        timer = _QueryTimer()
        with ExitStack() as stack:
            for connection in connections.all(initialized_only=False):
                stack.enter_context(connection.execute_wrapper(timer.wrapper_for(connection.alias)))
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        fields = {
            "event": "request",
            "method": request.method,
            "path": request.path,
            "query": request.META.get("QUERY_STRING", ""),
            "status": response.status_code,
            "ms": round((time.perf_counter() - start) * 1000, 2),
            "db_queries": timer.count,
            "db_ms": round(timer.seconds * 1000, 2),
            "db": ",".join(sorted(timer.aliases)) or None,
            "user": user.pk if user is not None and user.is_authenticated else None,
            "bytes": None if getattr(response, "streaming", False) else len(response.content),
            "request_id": request_id,
            "pid": os.getpid(),
        }
        cache = getattr(request, "response_cache", None)
        if cache:
            fields["cache"] = cache
        logger.info("request", extra={"fields": fields})
        return response
