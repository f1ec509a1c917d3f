"""Forms of the analysis workbench: plain HTML forms, so it works without JavaScript."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Province, RespondentType
from questions.models import ANSWER_LANGUAGES

from .models import Code, Submission
from .selectors import AnswerFilter

ANY = [("", _("Any"))]


class AnswerFilterForm(forms.Form):
    """The workbench's filters; they live in the URL so a filtered list can be shared."""

    q = forms.CharField(label=_("Words in the answer"), required=False, max_length=200)
    language = forms.ChoiceField(
        label=_("Language"), choices=ANY + ANSWER_LANGUAGES, required=False
    )
    province = forms.ChoiceField(
        label=_("Province or territory"), choices=ANY + Province.choices, required=False
    )
    respondent_type = forms.ChoiceField(
        label=_("Answering"), choices=ANY + RespondentType.choices, required=False
    )
    coded = forms.TypedChoiceField(
        label=_("Coded with"), choices=ANY, required=False, coerce=int, empty_value=None
    )
    uncoded = forms.BooleanField(label=_("Not yet coded"), required=False)
    campaign = forms.BooleanField(label=_("In a campaign"), required=False)
    noted = forms.BooleanField(label=_("With my note"), required=False)

    FIELDS = (
        "q",
        "language",
        "province",
        "respondent_type",
        "coded",
        "uncoded",
        "campaign",
        "noted",
    )

    def __init__(self, *args: Any, codes: list[Code], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["coded"]).choices = ANY + [
            (code.pk, code_label(code)) for code in codes
        ]

    def to_filter(self) -> AnswerFilter:
        """The filter the form holds; an invalid value is left out, not guessed."""
        data = self.cleaned_data if self.is_valid() else {}
        return AnswerFilter(
            language=data.get("language", ""),
            province=data.get("province", ""),
            respondent_type=data.get("respondent_type", ""),
            code=data.get("coded"),
            uncoded=bool(data.get("uncoded")),
            campaign=bool(data.get("campaign")),
            noted=bool(data.get("noted")),
            search=data.get("q", ""),
        )


def code_label(code: Code) -> str:
    label = str(code.label)
    return f"— {label}" if code.parent_id else label


class BulkCodingForm(forms.Form):
    SCOPES = [
        ("selected", _("The selected answers")),
        ("matching", _("Every answer matching the filters")),
    ]
    ACTIONS = [("add", _("Apply the code")), ("remove", _("Remove my code"))]

    code = forms.TypedChoiceField(label=_("Code"), coerce=int)
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, initial="add")
    scope = forms.ChoiceField(label=_("Answers"), choices=SCOPES, initial="selected")
    answer = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, codes: list[Code], answer_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["code"]).choices = [
            (code.pk, code_label(code)) for code in codes
        ]
        cast(forms.ChoiceField, self.fields["answer"]).choices = [(pk, pk) for pk in answer_ids]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("scope") == "selected" and not data.get("answer"):
            raise forms.ValidationError(
                _("Select at least one answer, or choose every matching answer.")
            )
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("My note"), required=False, max_length=5000, widget=forms.Textarea
    )


class CodeForm(forms.Form):
    label_en = forms.CharField(label=_("Label in English"), max_length=120)
    label_fr = forms.CharField(label=_("Label in French"), max_length=120)
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_fr = forms.CharField(
        label=_("Description in French"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, themes: list[Code], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = [
            ("", _("None: this is a theme"))
        ] + [(code.pk, str(code.label)) for code in themes]


class CodeChangeForm(forms.Form):
    ACTIONS = [("retire", _("Retire")), ("merge", _("Merge into"))]
    action = forms.ChoiceField(choices=ACTIONS)
    target = forms.TypedChoiceField(
        label=_("Merge into"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, codes: list[Code], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", "")] + [
            (code.pk, code_label(code)) for code in codes
        ]


class SubmissionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Submission.Channel.choices)
    received_on = forms.DateField(label=_("Date received (YYYY-MM-DD)"))
    organisation = forms.CharField(label=_("Organisation (if any)"), required=False, max_length=200)
    participant_count = forms.IntegerField(
        label=_("Number of participants"), min_value=1, initial=1
    )
    language = forms.ChoiceField(label=_("Language"), choices=ANSWER_LANGUAGES)
    questions = forms.TypedMultipleChoiceField(
        label=_("Questions it addresses"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    body = forms.CharField(label=_("Text (pasted)"), widget=forms.Textarea)

    def __init__(self, *args: Any, question_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["questions"]).choices = question_choices


class SubmissionExcerptForm(forms.Form):
    excerpt = forms.CharField(
        label=_("Excerpt to publish in the report"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )
    excerpt_consent = forms.BooleanField(
        label=_("The author consented to the publication of this excerpt"), required=False
    )


class SubmissionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "One submission a row, with the columns channel, received_on, organisation, "
            "participant_count, language, questions (question numbers separated by spaces) and body."
        ),
    )


class SubmissionCodingForm(forms.Form):
    code = forms.TypedChoiceField(label=_("Code"), coerce=int)
    action = forms.ChoiceField(choices=BulkCodingForm.ACTIONS, initial="add")

    def __init__(self, *args: Any, codes: list[Code], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["code"]).choices = [
            (code.pk, code_label(code)) for code in codes
        ]


class SuggestionAcceptForm(forms.Form):
    label_en = forms.CharField(label=_("Label in English"), max_length=120)
    label_fr = forms.CharField(label=_("Label in French"), max_length=120)


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="csv"
    )
    include_notes = forms.BooleanField(label=_("Include analysts' notes"), required=False)
