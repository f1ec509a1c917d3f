from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")
    OUTSIDE = "XX", _("Outside Canada")


class AgeRange(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    FROM_18 = "18-24", _("18 to 24")
    FROM_25 = "25-34", _("25 to 34")
    FROM_35 = "35-44", _("35 to 44")
    FROM_45 = "45-54", _("45 to 54")
    FROM_55 = "55-64", _("55 to 64")
    FROM_65 = "65+", _("65 and over")


class RespondentType(models.TextChoices):
    INDIVIDUAL = "individual", _("As an individual")
    ORGANISATION = "organisation", _("For an organisation")


# What a participant tells about themselves on the profile page (and staff see in the
# admin): the display name, the language of e-mails and the fields that feed the
# report's aggregate statistics.
PROFILE_FIELDS = (
    "display_name",
    "preferred_language",
    "province",
    "age_range",
    "respondent_type",
    "organisation_name",
)


class User(AbstractUser):
    """A participant, moderator or staff member, signing in with an e-mail address.

    The profile fields feed aggregate statistics only; they are never shown next
    to an answer or a post.
    """

    username = None  # type: ignore[assignment]  # the e-mail address is the user name
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_(
            "Shown next to what you publish, if you choose. Leave empty to stay anonymous."
        ),
    )
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province.choices, blank=True
    )
    age_range = models.CharField(_("age range"), max_length=5, choices=AgeRange.choices, blank=True)
    respondent_type = models.CharField(
        _("answering"), max_length=12, choices=RespondentType.choices, blank=True
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    profile_completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.CharField(_("suspension reason"), max_length=300, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        default="en",
        choices=[("en", "English"), ("fr", "Français")],
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Not auth's UserManager: this one creates users from an e-mail address alone.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # see above

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("moderate_content", "Can moderate answers and forum posts"),
            ("manage_consultation", "Can manage the consultation, its content and its reports"),
            ("analyse_answers", "Can read and code answers in the analysis workbench"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_moderator(self) -> bool:
        return self.has_perm("accounts.moderate_content")

    @property
    def is_ministry_staff(self) -> bool:
        return self.has_perm("accounts.manage_consultation")
