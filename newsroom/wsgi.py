"""
WSGI config for newsroom project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules) lives as long as the process: move it
# out of the garbage collector's sight. Otherwise each full collection, which a request that
# builds a page of a few hundred model instances sets off now and then, walks all of it again
# (about 30 ms on a small server), and shows up in the slowest requests.
gc.freeze()
