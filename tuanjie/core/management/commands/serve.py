import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "以生产方式启动网站（gunicorn），静态文件由 WhiteNoise 提供。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("TUANJIE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("TUANJIE_WORKERS", "2")))

    def handle(self, *args, bind, workers, **options):
        self.stdout.write(f"团结 正在 http://{bind} 提供服务（Ctrl+C 停止）")
        sys.stdout.flush()
        os.execvp(sys.executable, [
            sys.executable, "-m", "gunicorn", "tuanjie.wsgi:application", "--bind", bind,
            "--workers", str(workers), "--threads", "4", "--timeout", "120", "--access-logfile", "-",
        ])
