"""English follows Canadian conventions: Django's en_CA formats."""

from django.conf.locale.en_CA.formats import *  # noqa: F403

# English writes 5,000 (the Canada.ca style); Django's en_CA groups with a space.
THOUSAND_SEPARATOR = ","
