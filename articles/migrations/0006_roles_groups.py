"""Create the Reporter, Editor and Chief editor groups with their permissions (articles/roles.py)."""

from django.db import migrations

from articles.roles import apply_roles_migration


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_workflow_scheduled_status_permissions_corrections"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(apply_roles_migration, migrations.RunPython.noop),
    ]
