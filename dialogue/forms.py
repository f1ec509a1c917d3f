from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your feedback about this site"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Up to 2,000 characters. Do not include personal information."),
        error_messages={"required": _("Write your feedback before sending it.")},
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Only if you would like an answer."),
    )
    page_url = forms.CharField(
        label=_("Page this is about (optional)"), required=False, max_length=300
    )
