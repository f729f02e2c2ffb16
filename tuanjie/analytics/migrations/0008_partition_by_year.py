"""analytics_fact becomes partitioned by year on PostgreSQL (core/partitions.py, docs/scaling.md step 1); rows, indexes,
constraints and the id sequence are kept. SQLite keeps the plain table."""

from django.db import migrations

from tuanjie.core.partitions import partition_by_year


class Migration(migrations.Migration):
    dependencies = [("analytics", "0007_facts_version")]
    operations = [partition_by_year("analytics_fact")]
