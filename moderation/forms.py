import datetime
import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Status
from .queue import QueueFilters
from .reasons import reason_choices

KEY = re.compile(r"^[a-z-]{1,20}:\d{1,18}$")
ACTIONS = {
    "publish": Status.PUBLISHED,
    "reject": Status.REJECTED,
    "hide": Status.HIDDEN,
}
ACTION_CHOICES = [
    ("publish", _("Publish")),
    ("reject", _("Do not publish")),
    ("hide", _("Hide")),
]


def decision_reasons() -> list[tuple[str, str]]:
    """The saved reasons offered to moderators, after an empty first choice."""
    return [("", gettext("Choose a reason (needed to refuse or hide)")), *reason_choices()]


def _redaction_reasons() -> list[tuple[str, str]]:
    return [("", gettext("Choose a reason")), *reason_choices()]


class DecisionForm(forms.Form):
    """One decision on one item: `key` is "<kind>:<id>", as the queue shows it."""

    key = forms.RegexField(regex=KEY, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTION_CHOICES)
    reason = forms.ChoiceField(label=_("Reason"), choices=decision_reasons, required=False)
    note = forms.CharField(
        label=_("Note to the author (optional)"), max_length=1000, required=False
    )
    # The status the moderator saw: a decision someone took meanwhile wins.
    expected_status = forms.ChoiceField(
        choices=[("", ""), *Status.choices], required=False, widget=forms.HiddenInput
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        action = data.get("action")
        if action in ("reject", "hide") and not data.get("reason"):
            raise forms.ValidationError(_("Choose the netiquette rule this breaks."))
        return data

    @property
    def to_status(self) -> str:
        return ACTIONS[self.cleaned_data["action"]]

    def targets(self) -> list[tuple[str, int]]:
        kind, pk = self.cleaned_data["key"].split(":")
        return [(kind, int(pk))]


class ItemKeysField(forms.MultipleChoiceField):
    """Keys of queue items ("answer:12"); which exist is the service's business."""

    def valid_value(self, value: str) -> bool:
        return KEY.match(value) is not None


class BulkDecisionForm(DecisionForm):
    """The same decision on every item ticked in the queue."""

    key = None  # type: ignore[assignment]  # no single key: the ticked items instead
    items = ItemKeysField(
        label=_("Items"), error_messages={"required": _("Tick at least one item.")}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = ACTION_CHOICES[:2]

    def targets(self) -> list[tuple[str, int]]:
        pairs = (key.split(":") for key in self.cleaned_data["items"])
        return [(kind, int(pk)) for kind, pk in pairs]


KIND_CHOICES = [
    ("", _("All kinds")),
    ("answer", _("Answers")),
    ("thread", _("New threads")),
    ("reply", _("Forum replies")),
]
LANGUAGE_CHOICES = [("", _("Both languages")), ("en", _("English")), ("fr", _("French"))]
TRUST_CHOICES = [
    ("", _("Any author")),
    ("new", _("New authors (nothing published yet)")),
    ("known", _("Authors with published texts")),
]
AGE_CHOICES = [
    ("", _("Any age")),
    ("1", _("Waiting more than an hour")),
    ("24", _("Waiting more than a day")),
    ("72", _("Waiting more than three days")),
]
SORT_CHOICES = [
    ("oldest", _("Oldest first")),
    ("newest", _("Newest first")),
    ("flags", _("Most flagged first")),
]
PLACE = re.compile(r"^(chapter|question|board):\d{1,18}$")


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the URL so that every view can be bookmarked."""

    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    place = forms.CharField(label=_("Chapter or board"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    flagged = forms.BooleanField(label=_("Flagged by readers"), required=False)
    pii = forms.BooleanField(label=_("Personal-information warning"), required=False)
    trust = forms.ChoiceField(label=_("Author"), choices=TRUST_CHOICES, required=False)
    age = forms.ChoiceField(label=_("Age"), choices=AGE_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Order"), choices=SORT_CHOICES, required=False)
    mine = forms.BooleanField(label=_("Only the items I claimed"), required=False)

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        self.fields["place"].widget = forms.Select(
            choices=[("", _("Every chapter and board")), *places]
        )

    def clean_place(self) -> str:
        place: str = self.cleaned_data.get("place") or ""
        if place and not PLACE.match(place):
            raise forms.ValidationError(_("Choose a chapter or a board from the list."))
        return place

    def filters(self, now: datetime.datetime, viewer: int | None = None) -> QueueFilters:
        """The filters asked for; a value that is not valid counts as not given."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return QueueFilters(
            kind=data.get("kind") or "",
            language=data.get("language") or "",
            place=data.get("place") or "",
            flagged=bool(data.get("flagged")),
            pii=bool(data.get("pii")),
            trust=data.get("trust") or "",
            older_than_hours=int(data.get("age") or 0),
            sort=data.get("sort") or "oldest",
            claimed="mine" if data.get("mine") else "",
            now=now,
            viewer=viewer,
        )


class RedactionForm(forms.Form):
    """Replace passages of a waiting text with […]; the reason is required."""

    key = forms.RegexField(regex=KEY, widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Text as readers will see it"),
        help_text=_(
            "Replace each passage to remove with […]. Nothing else may change; the "
            "original stays in the decision log."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=False,
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=_redaction_reasons)
    note = forms.CharField(
        label=_("Note to the author (optional)"), max_length=1000, required=False
    )

    def target(self) -> tuple[str, int]:
        kind, pk = self.cleaned_data["key"].split(":")
        return kind, int(pk)


class EscalationForm(forms.Form):
    """An item needs a second opinion; the note says what for."""

    key = forms.RegexField(regex=KEY, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note for the second opinion"), max_length=1000)

    def target(self) -> tuple[str, int]:
        kind, pk = self.cleaned_data["key"].split(":")
        return kind, int(pk)
