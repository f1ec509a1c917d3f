from modeltranslation.translator import TranslationOptions, register

from .models import Board


@register(Board)
class BoardTranslation(TranslationOptions):
    fields = ("slug", "title", "description")
