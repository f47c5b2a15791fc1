"""gunicorn's settings for Newsroom (`make serve`, or `gunicorn -c newsroom/gunicorn.conf.py`).

Every value comes from the environment (README "Serving in production"):
  GUNICORN_BIND          address to listen on (default $HOST:$PORT, else 127.0.0.1:8000)
  GUNICORN_WORKERS       processes (default: one per core)
  GUNICORN_THREADS       threads per process (default 1: sync workers; more: gthread workers)
  GUNICORN_TIMEOUT       seconds a request may take before its worker is replaced (default 30)
  GUNICORN_MAX_REQUESTS  requests after which a worker is replaced (default 0: never), with jitter
  GUNICORN_ACCESS_LOG    "1" for gunicorn's own access log besides the JSON request log (default off)

The application is loaded before the workers fork (preload): what it loaded is shared copy-on-write,
and newsroom/collector.py has frozen it out of the garbage collector, so it stays shared.
Database connections are opened by the workers, after the fork.
"""

import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS") or os.cpu_count() or 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 0)
max_requests_jitter = max_requests // 10
preload_app = True
# Requests are logged by the application as JSON lines (newsroom/request_log.py), with timings.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG") == "1" else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a load balancer: trust its X-Forwarded-* headers (set FORWARDED_ALLOW_IPS to its address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
