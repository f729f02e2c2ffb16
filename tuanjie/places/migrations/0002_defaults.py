from django.db import migrations


def load_defaults(apps, schema_editor):
    from tuanjie.places.defaults import ensure

    ensure(apps.get_model("places", "PlaceLevel"), apps.get_model("places", "CreationField"))


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
