import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from accounts.roles import role_grant

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Verified e-mail by default; `verified=False` leaves it unconfirmed."""
        if not create:
            return
        self.save()
        EmailAddress.objects.create(
            user=self, email=self.email, primary=True, verified=extracted is not False
        )

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            role_grant(user=self, role=extracted)


def role_groups_restore() -> None:
    """Transactional tests can empty the permission and group tables: fill them again,
    as a migrate would (Django's permissions, then the portal's role groups and its
    own saved reasons)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from accounts.signals import role_groups_sync
    from moderation.reasons import saved_reasons_ensure

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    role_groups_sync()
    saved_reasons_ensure()
