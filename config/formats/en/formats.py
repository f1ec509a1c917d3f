"""English follows Canadian conventions: Django's en_CA formats."""

from django.conf.locale.en_CA.formats import *  # noqa: F403
