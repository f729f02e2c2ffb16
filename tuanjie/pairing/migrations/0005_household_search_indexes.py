"""Indexes for the household search (the search box, the household list) on PostgreSQL (core/postgres.py,
core/grams.py): at a million households the name and address tests read the whole table (0.45 s per search).
SQLite keeps its plain LIKE."""

from django.db import migrations

from tuanjie.core.grams import grams_index
from tuanjie.core.postgres import OnPostgreSQL, trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ('pairing', '0004_partition_by_year'),
        ('places', '0006_short_search_indexes'),   # the pg_trgm extension and the grams function
    ]

    operations = [
        OnPostgreSQL(
            migrations.AddIndex(model_name='household', index=trigram_index('name', 'household_name_trgm_idx')),
            migrations.AddIndex(model_name='household', index=grams_index('name', 'household_name_grams_idx')),
            migrations.AddIndex(model_name='household', index=trigram_index('address', 'household_address_trgm_idx')),
            migrations.AddIndex(model_name='household', index=grams_index('address', 'household_address_grams_idx')),
        ),
    ]
