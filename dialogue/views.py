from django.conf import settings
from django.shortcuts import render


def splash(request):
    """The bilingual entry page at `/`: one link to each language."""
    return render(
        request,
        "splash.html",
        {
            "department_name_en": settings.DEPARTMENT_NAME_EN,
            "department_name_fr": settings.DEPARTMENT_NAME_FR,
        },
    )


def home(request):
    return render(request, "dialogue/home.html")


def sitemap(request):
    return render(request, "dialogue/sitemap.html")
