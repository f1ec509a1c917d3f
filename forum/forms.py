import secrets
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moderation.models import Reason
from moderation.reasons import reason_choices

from .models import Board
from .services import title_check

POST_LANGUAGES = [("en", _("English")), ("fr", _("French"))]
BODY_MAX_LENGTH = 5000


def flag_reasons() -> list[tuple[str, str]]:
    """The rules a participant may cite; "hidden after flags" is the portal's own."""
    return reason_choices(leave_out=(Reason.FLAGS,))


def _moderation_reasons() -> list[tuple[str, str]]:
    return [("", "—"), *flag_reasons()]


class HoneypotMixin(forms.Form):
    # Hidden from people by CSS; robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


def _body_help() -> str:
    # Built when the form is shown, so the limit is grouped the reader's way (5,000 / 5 000).
    return gettext(
        "Markdown is accepted: *emphasis*, **strong**, lists, links and > quotes. "
        "At most %(limit)s characters."
    ) % {"limit": number_format(BODY_MAX_LENGTH, force_grouping=True)}


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your message"),
        min_length=2,
        max_length=BODY_MAX_LENGTH,
        help_text=lazy(_body_help, str)(),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _language_field():
    return forms.ChoiceField(label=_("Language of your message"), choices=POST_LANGUAGES)


def _display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Name shown with your message (optional)"),
        required=False,
        max_length=60,
        help_text=_("Leave it empty to post as “Anonymous”."),
    )


class ThreadForm(HoneypotMixin):
    title = forms.CharField(
        label=_("Title of the thread"),
        min_length=5,
        max_length=200,
        validators=[title_check],
    )
    body = _body_field()
    language = _language_field()
    display_name = _display_name_field()
    # A random token per form shown: sending the same form twice opens one thread.
    submission_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    field_order = ["title", "body", "language", "display_name", "submission_key", "website"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", secrets.token_urlsafe(24))


class ReplyForm(HoneypotMixin):
    body = _body_field()
    language = _language_field()
    display_name = _display_name_field()
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field_order = ["body", "language", "display_name", "reply_to", "website"]


class EditForm(forms.Form):
    body = _body_field()


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Which rule of the netiquette does it break?"), choices=flag_reasons
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PostModerationForm(forms.Form):
    ACTIONS = [
        ("publish", _("Publish")),
        ("hide", _("Hide, leaving a stub in the thread")),
        ("restore", _("Restore (publish again)")),
        ("reject", _("Refuse")),
    ]
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        label=_("Reason (needed to hide or refuse)"),
        choices=_moderation_reasons,
        required=False,
    )
    note = forms.CharField(
        label=_("Note (shown to the author)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, actions: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if actions is not None:
            # Only the decisions valid from the post's current status are offered.
            labels = dict(self.ACTIONS)
            self.fields["action"].choices = [(a, labels[a]) for a in actions]  # type: ignore[attr-defined]  # a ChoiceField

    def clean(self):
        data = super().clean()
        if data.get("action") in ("hide", "reject") and not data.get("reason"):
            self.add_error("reason", _("Choose the netiquette rule this breaks."))
        return data


class ThreadMoveForm(forms.Form):
    board: "forms.ModelChoiceField[Board]" = forms.ModelChoiceField(
        label=_("Move to the board"), queryset=Board.objects.none()
    )

    def __init__(self, *args, consultation, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        boards = Board.objects.filter(consultation=consultation)
        if exclude is not None:
            boards = boards.exclude(pk=exclude.pk)
        self.fields["board"].queryset = boards


class SuspendForm(forms.Form):
    DURATIONS = [
        ("1", _("1 day")),
        ("7", _("7 days")),
        ("30", _("30 days")),
        ("ban", _("Ban the account")),
    ]
    duration = forms.ChoiceField(label=_("Duration"), choices=DURATIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason, shown to the participant"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def days(self):
        value = self.cleaned_data["duration"]
        return None if value == "ban" else int(value)
