"""Program pages in the site search (found from any consultation's search)."""

from django.conf import settings
from django.utils import translation

from dialogue.markdown import plain_text
from dialogue.models import Consultation, ConsultationState
from dialogue.search import (
    search_entry_remove,
    search_entry_upsert,
)

from .models import SitePage

KIND = "sitepage"


def site_pages_index(consultation: Consultation) -> None:
    pages = list(SitePage.objects.filter(consultation=consultation).select_related("consultation"))
    for page in SitePage.objects.filter(consultation=consultation).only("pk"):
        search_entry_remove(kind=KIND, object_id=page.pk)
    if consultation.state == ConsultationState.DRAFT:
        return
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for page in pages:
                search_entry_upsert(
                    consultation_id=consultation.pk,
                    kind=KIND,
                    object_id=page.pk,
                    language=language,
                    title=page.title,
                    body=plain_text(page.body),
                    url=page.get_absolute_url(),
                )
