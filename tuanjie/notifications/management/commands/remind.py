from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from tuanjie.core.context import acting_as
from tuanjie.notifications.reminders import all_reminders


class Command(BaseCommand):
    help = "发送各类提醒（截止临近、规定动作预警、逾期等）。每天运行一次，例如由 cron 调用。重复运行不会重复发送。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        total = 0
        with acting_as(None, source="command"):
            for label, fn in all_reminders():
                sent = fn(today)
                total += sent
                self.stdout.write(f"{label}：{sent} 条")
        self.stdout.write(self.style.SUCCESS(f"共发送 {total} 条提醒"))
        call_command("purge", stdout=self.stdout)      # the daily run also empties the recycle bin's expired
        call_command("partitions", stdout=self.stdout)  # and makes next year's partitions ahead (PostgreSQL)
