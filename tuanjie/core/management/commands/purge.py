from django.conf import settings
from django.core.management.base import BaseCommand

from tuanjie.core.context import acting_as
from tuanjie.core.idempotency import keys_prune
from tuanjie.core.recyclebin import bin_purge
from tuanjie.core.security import security_events_prune


class Command(BaseCommand):
    help = ("清除回收站中超过保留期（TUANJIE_RECYCLE_DAYS 天）的记录及其文件，以及超过 TUANJIE_IDEMPOTENCY_DAYS 天的"
            "幂等键，以及超过 TUANJIE_SECURITY_LOG_DAYS 天（不少于183天）的安全事件和结对户查看记录。"
            "`tuanjie remind` 每天也会运行一次。")

    def handle(self, *args, **options):
        with acting_as(None, source="command"):
            purged = bin_purge()
            keys = keys_prune()
            events = security_events_prune()
        self.stdout.write(self.style.SUCCESS(
            f"回收站：清除 {purged} 条超过 {settings.TUANJIE_RECYCLE_DAYS} 天的记录"))
        self.stdout.write(self.style.SUCCESS(f"幂等键：清除 {keys} 个超过 {settings.TUANJIE_IDEMPOTENCY_DAYS} 天的键"))
        self.stdout.write(self.style.SUCCESS(
            f"安全事件与查看记录：清除 {events} 条超过 {settings.TUANJIE_SECURITY_LOG_DAYS} 天的记录"))
