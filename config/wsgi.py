import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What start-up loaded (Django, the apps, their modules) lives as long as the process.
# Frozen, it is left out of the collector's full passes, which otherwise walk it all
# and stop a request for 50 to 100 ms every few requests on a page with many rows.
gc.freeze()
