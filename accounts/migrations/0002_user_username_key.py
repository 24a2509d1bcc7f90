from django.db import migrations, models


def fill_keys(apps, schema_editor):
    # The historical model has no save() of ours: compute the key here for existing users.
    from accounts.usernames import username_key

    User = apps.get_model("accounts", "User")
    for user in User.objects.only("pk", "username").iterator():
        User.objects.filter(pk=user.pk).update(username_key=username_key(user.username))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=600),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
