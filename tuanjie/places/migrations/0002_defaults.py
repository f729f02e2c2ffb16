from django.db import migrations


def load_defaults(apps, schema_editor):
    from tuanjie.places.defaults import CREATION_FIELDS, LEVELS

    PlaceLevel = apps.get_model("places", "PlaceLevel")
    CreationField = apps.get_model("places", "CreationField")
    for name, rank, description in LEVELS:
        PlaceLevel.objects.get_or_create(name=name, defaults={"rank": rank, "description": description})
    for order, (code, name, theme) in enumerate(CREATION_FIELDS, start=1):
        CreationField.objects.get_or_create(code=code, defaults={"name": name, "theme": theme, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
