# The Celery app is loaded with Django, so that tasks queued by the web process use its settings.
from newsroom.celery import app as celery_app

__all__ = ["celery_app"]
