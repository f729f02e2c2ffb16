"""core_changelogentry becomes partitioned by year on PostgreSQL (core/partitions.py, docs/scaling.md step 1); rows, indexes,
constraints and the id sequence are kept. SQLite keeps the plain table."""

from django.db import migrations

from tuanjie.core.partitions import partition_by_year


class Migration(migrations.Migration):
    dependencies = [("core", "0006_securityevent")]
    operations = [partition_by_year("core_changelogentry")]
