from django.db import migrations

from tuanjie.core.grams import CREATE_FUNCTION, grams_index
from tuanjie.core.postgres import OnPostgreSQL


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0005_plausible_dates_blank_code_null'),
    ]

    operations = [
        OnPostgreSQL(
            CREATE_FUNCTION,   # for every app's short-search indexes (core/grams.py)
            migrations.AddIndex(model_name='place', index=grams_index('name', 'place_name_grams_idx')),
            # search_key is lower case and searched with `contains`: grams of the column itself.
            migrations.AddIndex(model_name='place', index=grams_index(
                'search_key', 'place_search_key_grams_idx', upper=False)),
        ),
    ]
