from django.db import migrations, models

from tuanjie.core.postgres import OnPostgreSQL, trigram_index


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0001_initial'),
        ('places', '0003_search_indexes'),   # creates the pg_trgm extension
    ]

    operations = [
        migrations.AddIndex(
            model_name='activity',
            index=models.Index(fields=['participants', 'id'], name='activity_participants_idx'),
        ),
        OnPostgreSQL(
            migrations.AddIndex(model_name='activity', index=trigram_index('title', 'activity_title_trgm_idx')),
        ),
    ]
