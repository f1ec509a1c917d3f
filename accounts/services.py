"""Writes about accounts: the deletion of a participant's account and the first admin.

Suspension is a moderation decision: `moderation.services.user_suspend`.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from config.registry import Registry

if TYPE_CHECKING:
    from accounts.models import User

DeletionHandler = Callable[["User"], None]

_deletion_handlers: Registry[DeletionHandler] = Registry("account deletion handlers")


def account_deletion_handler(function: DeletionHandler) -> DeletionHandler:
    """Register `function(user)`: called inside the deletion transaction, before the
    user row goes, so each content app deletes what is unpublished and anonymises
    what is published (see the privacy notice)."""
    _deletion_handlers.register(function)
    return function


@transaction.atomic
def account_delete(*, user: "User") -> None:
    """Erase the account, its e-mail addresses and profile.

    Content apps' handlers run first; published contributions keep existing with
    their author set to NULL by the foreign keys' SET_NULL.
    """
    for handler in _deletion_handlers:
        handler(user)
    user.delete()


def admin_create(*, email: str, password: str) -> "User":
    """Create a superuser whose e-mail address is already verified.

    Sign-in requires a verified address, and on a first deployment the SMTP server
    that would deliver the confirmation may not work yet; the operator typing the
    address on the server is the verification.
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from accounts.models import User

    # allauth keeps addresses in lower case (sign-up and sign-in both lower them).
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."))
    validate_password(password, User(email=email))
    with transaction.atomic():
        user = User.objects.create_superuser(email=email, password=password)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user
