"""activities_activity becomes partitioned by year on PostgreSQL (core/partitions.py, docs/scaling.md step 1); rows, indexes,
constraints and the id sequence are kept. SQLite keeps the plain table."""

from django.db import migrations

from tuanjie.core.partitions import partition_by_year


class Migration(migrations.Migration):
    dependencies = [("activities", "0008_no_constraint_to_activity"), ("funds", "0003_no_constraint_to_activity")]
    operations = [partition_by_year("activities_activity")]
