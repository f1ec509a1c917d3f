from django.db import migrations

# The role groups and their permissions have one home: `accounts.signals.role_groups_sync`,
# run after every migrate (post_migrate). This migration once created them with a copy
# of that mapping; it stays, empty, so that databases migrated through it keep a
# consistent history.


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
