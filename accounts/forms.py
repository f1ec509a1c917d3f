from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PROFILE_FIELDS, AgeRange, Province, RespondentType, User


class ProfileForm(forms.ModelForm):
    """The optional profile: counted in totals for the report, never shown with an answer."""

    province = forms.ChoiceField(
        label=_("Province or territory"),
        choices=[("", _("I prefer not to say")), *Province.choices],
        required=False,
    )
    age_range = forms.ChoiceField(
        label=_("Age range"),
        choices=[("", _("I prefer not to say")), *AgeRange.choices],
        required=False,
    )
    respondent_type = forms.ChoiceField(
        label=_("You take part"),
        choices=[("", _("I prefer not to say")), *RespondentType.choices],
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        labels = {
            "display_name": _("Display name (optional)"),
            "preferred_language": _("Language of the e-mails we send you"),
            "organisation_name": _("Name of the organisation"),
        }
        help_texts = {
            "display_name": _(
                "Suggested as the name shown with your answers; you can change it on each "
                "answer. Leave empty to appear as “Anonymous”."
            ),
            "organisation_name": _("Only if you take part for an organisation."),
        }

    def clean(self):
        data = super().clean()
        if data.get("respondent_type") == RespondentType.ORGANISATION:
            if not (data.get("organisation_name") or "").strip():
                self.add_error(
                    "organisation_name", _("Give the name of the organisation you answer for.")
                )
        else:
            data["organisation_name"] = ""
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        # Filled in once, even if left empty: the portal then stops asking.
        user.profile_completed_at = user.profile_completed_at or timezone.now()
        if commit:
            user.save(update_fields=[*self.Meta.fields, "profile_completed_at"])
        return user


class AccountDeleteForm(forms.Form):
    """Deleting an account takes the password, or typing a word for accounts without one."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["confirmation"]
            self.fields["password"].required = True
            self.fields["password"].error_messages["required"] = _(
                "Enter your password to delete your account."
            )
        else:
            del self.fields["password"]
            self.fields["confirmation"].label = _("Type %(word)s to confirm") % {
                "word": self.confirmation_word()
            }

    @staticmethod
    def confirmation_word():
        return str(_("DELETE"))

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"].strip()
        if typed.upper() != self.confirmation_word():
            raise forms.ValidationError(
                _("Type %(word)s to confirm.") % {"word": self.confirmation_word()}
            )
        return typed
