from django.conf import settings
from django.core.management.base import BaseCommand

from tuanjie.core.context import acting_as
from tuanjie.core.recyclebin import bin_purge


class Command(BaseCommand):
    help = "清除回收站中超过保留期（TUANJIE_RECYCLE_DAYS 天）的记录及其文件。`tuanjie remind` 每天也会运行一次。"

    def handle(self, *args, **options):
        with acting_as(None, source="command"):
            purged = bin_purge()
        self.stdout.write(self.style.SUCCESS(
            f"回收站：清除 {purged} 条超过 {settings.TUANJIE_RECYCLE_DAYS} 天的记录"))
