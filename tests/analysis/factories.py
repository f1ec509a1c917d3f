import factory

from analysis.models import Code, Codebook
from tests.dialogue.factories import ConsultationFactory


class CodebookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Codebook
        django_get_or_create = ("consultation",)

    consultation = factory.SubFactory(ConsultationFactory)


class CodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Code

    codebook = factory.SubFactory(CodebookFactory)
    order = factory.Sequence(lambda n: n)
    label_en = factory.Sequence(lambda n: f"Theme {n}")
    label_fr = factory.Sequence(lambda n: f"Thème {n}")
