"""Published reports of earlier consultations in the site map."""

from django.urls import reverse
from django.utils.translation import gettext

from dialogue.models import Consultation

from .selectors import reported_consultations


def earlier_reports(consultation: Consultation) -> list[tuple[str, str]]:
    return [
        (
            gettext("Final report: %(title)s") % {"title": earlier.title},
            reverse("reports:consultation_report", kwargs={"slug": earlier.slug}),
        )
        for earlier in reported_consultations(besides=consultation)
    ]
