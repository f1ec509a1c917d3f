import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Reason, Status

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
REASON_CHOICES = [("", _("Choose a reason (needed to refuse or hide)")), *Reason.choices]


class DecisionForm(forms.Form):
    """One decision on one item: `key` is "<kind>:<id>", as the queue shows it."""

    key = forms.RegexField(regex=KEY, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTION_CHOICES)
    reason = forms.ChoiceField(label=_("Reason"), choices=REASON_CHOICES, required=False)
    note = forms.CharField(
        label=_("Note to the author (optional)"), max_length=1000, required=False
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in ("reject", "hide") and not data.get("reason"):
            raise forms.ValidationError(_("Choose the netiquette rule this breaks."))
        return data

    @property
    def to_status(self):
        return ACTIONS[self.cleaned_data["action"]]

    def targets(self):
        kind, pk = self.cleaned_data["key"].split(":")
        return [(kind, int(pk))]


class ItemKeysField(forms.MultipleChoiceField):
    """Keys of queue items ("answer:12"); which exist is the service's business."""

    def valid_value(self, value):
        return KEY.match(value) is not None


class BulkDecisionForm(DecisionForm):
    """The same decision on every item ticked in the queue."""

    key = None  # type: ignore[assignment]  # no single key: the ticked items instead
    items = ItemKeysField(
        label=_("Items"), error_messages={"required": _("Tick at least one item.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = ACTION_CHOICES[:2]

    def targets(self):
        pairs = (key.split(":") for key in self.cleaned_data["items"])
        return [(kind, int(pk)) for kind, pk in pairs]
