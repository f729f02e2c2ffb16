from django.db import migrations

from tuanjie.core.grams import grams_index
from tuanjie.core.postgres import OnPostgreSQL, trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ('information', '0003_plausible_dates'),
        ('places', '0006_short_search_indexes'),   # creates the grams function
    ]

    operations = [
        OnPostgreSQL(
            migrations.AddIndex(model_name='informationitem',
                                index=grams_index('title', 'information_title_grams_idx')),
            # Three characters and more: the trigram index, as activity titles have.
            migrations.AddIndex(model_name='informationitem',
                                index=trigram_index('title', 'information_title_trgm_idx')),
        ),
    ]
