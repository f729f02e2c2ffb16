"""Indexes for the search box's people group on PostgreSQL (core/postgres.py, core/grams.py): at national scale
(half a million cadres) the name, username and pinyin tests read the whole table (115 ms per search); phone
numbers are matched by prefix, which a pattern-ops btree serves. SQLite keeps its plain LIKE."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

from tuanjie.core.grams import grams_index
from tuanjie.core.postgres import OnPostgreSQL, trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_user_password_changed_apitoken'),
        ('places', '0006_short_search_indexes'),   # the pg_trgm extension and the grams function
    ]

    operations = [
        OnPostgreSQL(
            migrations.AddIndex(model_name='user', index=trigram_index('full_name', 'user_full_name_trgm_idx')),
            migrations.AddIndex(model_name='user', index=grams_index('full_name', 'user_full_name_grams_idx')),
            migrations.AddIndex(model_name='user', index=trigram_index('username', 'user_username_trgm_idx')),
            migrations.AddIndex(model_name='user', index=grams_index('username', 'user_username_grams_idx')),
            # search_key is lower case and searched with `contains`: indexes of the column itself.
            migrations.AddIndex(model_name='user', index=GinIndex(
                fields=['search_key'], opclasses=['gin_trgm_ops'], name='user_search_key_trgm_idx')),
            migrations.AddIndex(model_name='user', index=grams_index(
                'search_key', 'user_search_key_grams_idx', upper=False)),
            migrations.AddIndex(model_name='user', index=models.Index(
                fields=['phone'], opclasses=['varchar_pattern_ops'], name='user_phone_prefix_idx')),
        ),
    ]
