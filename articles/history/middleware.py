"""Keeps the current request reachable for infrastructure code that runs far from any view."""

from contextvars import ContextVar

_current_request: ContextVar = ContextVar("current_request", default=None)


def current_request():
    """The request being handled in this thread or task, or None (management commands, shell, tests)."""
    return _current_request.get()


class CurrentRequestMiddleware:
    """Stores the request in a context variable for the duration of the response.

    Used only by the permission-change audit (articles/history/permission_audit.py), which is called from
    `m2m_changed` and so has no request parameter. Place it after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
