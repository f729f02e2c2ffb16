from django.db import migrations


def load_defaults(apps, schema_editor):
    from tuanjie.titles.defaults import ensure

    ensure(apps.get_model("places", "PlaceLevel"), apps.get_model("titles", "TitleLevel"),
           apps.get_model("titles", "TitleStep"))


class Migration(migrations.Migration):
    dependencies = [("titles", "0003_area_subjects_and_calls")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
