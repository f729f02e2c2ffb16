from django.db import migrations


class Migration(migrations.Migration):
    """An entry's subject may be an area as well as a unit (issue 16): the column keeps its rows."""

    dependencies = [("assessments", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="entry", name="assessments_entry_unique"),
        migrations.RenameField(model_name="entry", old_name="unit", new_name="subject"),
    ]
