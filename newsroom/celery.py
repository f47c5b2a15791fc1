"""The task queue: Celery on Redis (CELERY_BROKER_URL; see README "Background tasks").

`make worker` runs a worker with the periodic scheduler (beat) embedded; in production run one
`celery -A newsroom beat` and as many `celery -A newsroom worker` as needed. The tasks are in
articles/tasks.py; the schedule is CELERY_BEAT_SCHEDULE in newsroom/settings.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
