from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from tuanjie.core.partitions import ensure_partitions


class Command(BaseCommand):
    help = ("在 PostgreSQL 上提前建立大表（活动、联系记录、变更记录、统计事实）今年及以后各年的分区，"
            "并把已落入默认分区的这些年份的记录移入。可重复运行；tuanjie remind 每天也会运行它。SQLite 上无事可做。")

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, default=1, help="提前建立几年的分区（默认 1，即明年）")
        parser.add_argument("--year", type=int, action="append", default=[],
                            help="另外建立这一年的分区（如批量补录往年数据前），可重复")

    def handle(self, *args, **options):
        if options["ahead"] < 0:
            raise CommandError("--ahead 不能为负数：填 0 只建今年，填 1 建到明年")
        if connection.vendor != "postgresql":
            self.stdout.write("当前数据库不是 PostgreSQL，不分区，无需建立分区")
            return
        with transaction.atomic():
            created = ensure_partitions(connection, ahead=options["ahead"], years=options["year"])
        self.stdout.write(self.style.SUCCESS(f"新建分区 {len(created)} 个" + (f"：{'、'.join(created)}" if created else "")))
