from django.core.management.base import BaseCommand

from tuanjie.analytics import facts


class Command(BaseCommand):
    help = "从原始记录重新计算全部统计事实（批量导入、直接改库之后运行）"

    def handle(self, *args, **options):
        facts.rebuild(stdout=self.stdout)
