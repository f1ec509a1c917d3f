from django.conf import settings
from django.utils import translation


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
        "site_content_date": settings.SITE_CONTENT_DATE,
    }
