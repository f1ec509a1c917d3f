"""Reads of the reading side. Each returns its joins declared, so page query counts stay flat."""

from django.db.models import Prefetch
from django.http import Http404

from .models import Chapter, Consultation, Interview, Page, Resource, Section, Topic


def current_consultation():
    """The consultation the public URLs serve, or 404 when none is set up."""
    consultation = Consultation.objects.filter(is_current=True).first()
    if consultation is None:
        raise Http404("No consultation is set up yet.")
    return consultation


def current_consultation_or_none():
    return Consultation.objects.filter(is_current=True).first()


def chapters_with_sections(consultation, *, include_unpublished=False):
    chapters = Chapter.objects.filter(consultation=consultation)
    if not include_unpublished:
        chapters = chapters.filter(published=True)
    return chapters.prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order"))
    )


def page_of_kind(consultation, kind):
    page = Page.objects.filter(consultation=consultation, kind=kind).first()
    if page is None:
        raise Http404
    return page


def interviews(consultation):
    return Interview.objects.filter(consultation=consultation).select_related("chapter")


def topics_with_resources(consultation):
    return Topic.objects.filter(consultation=consultation).prefetch_related(
        Prefetch("resources", queryset=Resource.objects.order_by("order", "id"))
    )
