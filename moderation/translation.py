from modeltranslation.translator import TranslationOptions, register

from .models import SavedReason


@register(SavedReason)
class SavedReasonTranslation(TranslationOptions):
    fields = ("label", "explanation")
    required_languages = ("en", "fr")
