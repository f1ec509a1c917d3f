from modeltranslation.translator import TranslationOptions, register

from .models import Code


@register(Code)
class CodeTranslation(TranslationOptions):
    fields = ("label", "description")
