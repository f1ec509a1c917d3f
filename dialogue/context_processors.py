from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .selectors import fixed_page_kinds


def site_frame(request):
    """What the header and footer of every page need."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    other = "fr" if language.startswith("en") else "en"
    return {
        "department_name": (
            settings.DEPARTMENT_NAME_FR
            if language.startswith("fr")
            else settings.DEPARTMENT_NAME_EN
        ),
        "other_language": other,
        # Header, footer and site map link only to the fixed pages that exist.
        "fixed_pages": SimpleLazyObject(fixed_page_kinds),
        "site_content_date": settings.SITE_CONTENT_DATE,
    }
