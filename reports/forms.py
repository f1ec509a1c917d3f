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
