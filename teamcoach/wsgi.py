"""The WSGI entry point the web server (granian) calls for every dynamic request."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamcoach.settings")

application = get_wsgi_application()
