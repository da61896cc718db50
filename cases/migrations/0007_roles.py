"""The two staff roles: editors correct cases and import cables; viewers only look.

Membership alone does not open the admin: a member also needs "staff status". Deleting
cables is left to superusers (no group is given the permission, and the admin refuses it
to everyone else).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "editors": [
        "view_cable",
        "import_cables",
        "view_paragraph",
        "view_case",
        "add_case",
        "change_case",
        "view_outlet",
        "view_country",
        "view_place",
        "view_tag",
    ],
    "viewers": [
        "view_cable",
        "view_paragraph",
        "view_case",
        "view_outlet",
        "view_country",
        "view_place",
        "view_tag",
    ],
}


def create_roles(apps, schema_editor):
    database = schema_editor.connection.alias
    # Permissions are normally created after all migrations have run; a fresh database
    # needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=database, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.using(database).get_or_create(name=name)
        permissions = Permission.objects.using(database).filter(
            content_type__app_label="cases", codename__in=codenames
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"permissions missing for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    database = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(database).filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_case_history_import_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
