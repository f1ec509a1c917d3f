from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .signals import role_groups_sync

        # After every app's permissions exist: connect without a sender filter.
        post_migrate.connect(role_groups_sync, dispatch_uid="accounts.role_groups_sync")
