from django.db import migrations

from tuanjie.core.grams import grams_index
from tuanjie.core.postgres import OnPostgreSQL


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0006_activity_education_base'),
        ('places', '0006_short_search_indexes'),   # creates the grams function
    ]

    operations = [
        OnPostgreSQL(
            migrations.AddIndex(model_name='activity', index=grams_index('title', 'activity_title_grams_idx')),
        ),
    ]
