import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


def _stop(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "以生产方式启动网站（gunicorn，静态文件由 WhiteNoise 提供），并启动后台任务进程。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("TUANJIE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("TUANJIE_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("TUANJIE_THREADS", "4")))
        parser.add_argument("--no-jobs", action="store_true", help="不启动后台任务进程（另行运行 tuanjie db_worker）")

    def handle(self, *args, bind, workers, threads, no_jobs, **options):
        # Two workers use both cores of a small server (one Python process runs on one core at a time); four
        # threads each let a worker go on with another page while one waits for the database or an upload.
        # A worker takes a connection only when one of its threads is free (--worker-connections = threads) and
        # closes it after the answer (--keep-alive 0), so the next request goes to whichever worker is idle:
        # with kept-alive connections a client stays with the worker that first accepted it, and one worker did
        # 83 % of the work under load while the other idled. README.md: "How many workers and threads".
        web = [sys.executable, "-m", "gunicorn", "tuanjie.wsgi:application", "--bind", bind,
               "--workers", str(workers), "--threads", str(threads), "--worker-connections", str(threads),
               "--keep-alive", "0", "--timeout", "120", "--access-logfile", "-"]
        uses_worker = "DatabaseBackend" in settings.TASKS["default"]["BACKEND"] and not no_jobs
        procs = []
        # A stop request (SIGTERM from a process manager, or `timeout`) stops the web server and the worker too.
        signal.signal(signal.SIGTERM, _stop)
        if uses_worker:
            procs.append(subprocess.Popen([sys.executable, "-m", "tuanjie", "db_worker"]))
        self.stdout.write(f"团结 正在 http://{bind} 提供服务（Ctrl+C 停止）")
        sys.stdout.flush()
        procs.append(subprocess.Popen(web))
        try:
            while all(p.poll() is None for p in procs):
                try:
                    procs[-1].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
        except KeyboardInterrupt:
            pass
        finally:
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in procs:
                p.wait(timeout=30)
        return None
