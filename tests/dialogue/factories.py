import datetime

import factory
from django.utils import timezone

from dialogue.models import Chapter, Consultation, ConsultationState, Section


class ConsultationFactory(factory.django.DjangoModelFactory):
    """The current consultation: factories of related rows share one by default."""

    class Meta:
        model = Consultation
        django_get_or_create = ("is_current",)

    title_en = "A Dialogue on Global Affairs"
    title_fr = "Un dialogue sur les affaires mondiales"
    slug_en = factory.Sequence(lambda n: f"dialogue-{n}")
    slug_fr = factory.Sequence(lambda n: f"dialogue-fr-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=60))
    state = ConsultationState.OPEN
    is_current = True


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Chapter {n}")
    title_fr = factory.Sequence(lambda n: f"Chapitre {n}")
    slug_en = factory.Sequence(lambda n: f"chapter-{n}")
    slug_fr = factory.Sequence(lambda n: f"chapitre-{n}")
    summary_en = "What this chapter is about."
    summary_fr = "De quoi traite ce chapitre."
    body_en = "An opening paragraph about security."
    body_fr = "Un paragraphe d'ouverture sur la sécurité."
    published = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    chapter = factory.SubFactory(ChapterFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Section {n}")
    title_fr = factory.Sequence(lambda n: f"Section {n} (fr)")
    anchor_en = factory.Sequence(lambda n: f"section-{n}")
    anchor_fr = factory.Sequence(lambda n: f"section-fr-{n}")
    body_en = "Body text of the section."
    body_fr = "Texte de la section."
