from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import ANSWER_LANGUAGES

ORDER_CHOICES = [("newest", _("Newest first")), ("oldest", _("Oldest first"))]
LANGUAGE_FILTER_CHOICES = [("", _("Both languages")), *ANSWER_LANGUAGES]


class GroupedMaxLengthValidator(MaxLengthValidator):
    """The length check, with both numbers written the locale's way (5,000 / 5 000)."""

    def __call__(self, value: str) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": number_format(self.limit_value, force_grouping=True),
                    "show_value": number_format(len(value), force_grouping=True),
                    "value": value,
                },
            )


class AnswerBodyField(forms.CharField):
    """Counts a line break as one character, as the browser's counter does."""

    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if max_length is not None:
            # CharField's own validator writes "5000"; this one writes "5,000".
            self.max_length = max_length
            self.validators.append(GroupedMaxLengthValidator(max_length))

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Your answer"))  # replaced per question in __init__
    language = forms.ChoiceField(
        label=_("Language of your answer"),
        choices=ANSWER_LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose English or French.")},
    )
    consent_to_publish = forms.BooleanField(
        label=_("I agree to have this answer published on the portal."),
        required=False,
        help_text=_(
            "Without your consent a moderator still reviews your answer and it counts "
            "in the final report, but it is not shown to readers."
        ),
    )
    display_name = forms.CharField(
        label=_("Public display name (optional)"),
        max_length=60,
        required=False,
        help_text=_("Leave empty to appear as “Anonymous”."),
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        limit = question.max_length
        self.fields["body"] = AnswerBodyField(
            label=_("Your answer"),
            max_length=limit,
            error_messages={
                "required": _("Write your answer before saving it."),
                "max_length": _(
                    "Your answer is %(show_value)s characters long; the limit is %(limit_value)s."
                ),
            },
        )


class AnswerFilterForm(forms.Form):
    """The reader's choices on a page of answers; anything unknown falls back to the default."""

    language = forms.ChoiceField(
        label=_("Language"), choices=LANGUAGE_FILTER_CHOICES, required=False
    )
    order = forms.ChoiceField(label=_("Order"), choices=ORDER_CHOICES, required=False)

    def choices(self):
        if not self.is_valid():
            return "", "newest"
        return self.cleaned_data["language"], self.cleaned_data["order"] or "newest"
