"""Cache clearing for what every page's frame reads."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Consultation, Page
from .selectors import FIXED_PAGES_CACHE_KEY


@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=Consultation)
def fixed_pages_forget(**kwargs: object) -> None:
    cache.delete(FIXED_PAGES_CACHE_KEY)
