"""French follows Canadian conventions: Django's fr_CA formats (« 13 h 40 », « 1 234,5 »)."""

from django.conf.locale.fr_CA.formats import *  # noqa: F403
