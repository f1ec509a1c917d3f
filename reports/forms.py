from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class RunStartForm(forms.Form):
    cutoff = forms.DateTimeField(
        label=_("Cut-off time"),
        help_text=_(
            "The report includes what was published up to this time (Eastern time). "
            "Leave it as is for everything up to now."
        ),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cutoff"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if self.is_bound and self.errors.get("cutoff"):
            self.fields["cutoff"].widget.attrs["aria-invalid"] = "true"

    def clean_cutoff(self):
        cutoff = self.cleaned_data["cutoff"]
        # A minute's worth of answers published after the whole minute still counts.
        return cutoff.replace(second=59, microsecond=999999)


class ReportTextForm(forms.Form):
    """One authored part, English and French side by side (Markdown)."""

    body_en = forms.CharField(
        label=_("English"), required=False, widget=forms.Textarea(attrs={"rows": 14, "lang": "en"})
    )
    body_fr = forms.CharField(
        label=_("French"), required=False, widget=forms.Textarea(attrs={"rows": 14, "lang": "fr"})
    )
    signature_en = forms.CharField(
        label=_("Signature in English"),
        help_text=_("Name and title of the person who signs the foreword."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    signature_fr = forms.CharField(
        label=_("Signature in French"),
        help_text=_("Name and title of the person who signs the foreword."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"lang": "fr"}),
    )

    def __init__(self, *args: Any, signed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not signed:
            del self.fields["signature_en"]
            del self.fields["signature_fr"]
        for name, field in self.fields.items():
            if self.is_bound and self.errors.get(name):
                field.widget.attrs["aria-invalid"] = "true"
