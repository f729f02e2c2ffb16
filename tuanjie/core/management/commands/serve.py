import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tuanjie.core.supervisor import Child, Supervisor


class Command(BaseCommand):
    help = "以生产方式启动网站（gunicorn，静态文件由 WhiteNoise 提供），并启动后台任务进程；进程意外退出时自动重启。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("TUANJIE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("TUANJIE_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("TUANJIE_THREADS", "4")))
        parser.add_argument("--keep-alive", type=int, default=int(os.environ.get("TUANJIE_KEEP_ALIVE", "0")),
                            help="空闲的长连接保留几秒（默认 0：答完即关，下一个请求交给空闲的进程）")
        parser.add_argument("--no-jobs", action="store_true", help="不启动后台任务进程（另行运行 tuanjie worker）")

    def handle(self, *args, bind, workers, threads, keep_alive, no_jobs, **options):
        from tuanjie.core.deploy import refuse_development_key

        refuse_development_key()   # before starting children that would each fail the same way
        # Two workers use both cores of a small server (one Python process runs on one core at a time); four
        # threads each let a worker go on with another page while one waits for the database or an upload.
        # A worker takes a connection only when one of its threads is free (--worker-connections = threads) and
        # closes it after the answer (--keep-alive 0), so the next request goes to whichever worker is idle:
        # with kept-alive connections a client stays with the worker that first accepted it, and one worker did
        # 83 % of the work under load while the other idled; with 2 s of keep-alive, people pausing 1-3 s kept
        # sending on a connection the server was closing (11 errors in a paced run). --reuse-port gives every
        # worker its own listening socket, so the kernel spreads new connections over them.
        # README.md: "How many workers and threads".
        web = [sys.executable, "-m", "gunicorn", "tuanjie.wsgi:application", "--bind", bind,
               "--workers", str(workers), "--threads", str(threads), "--worker-connections", str(threads),
               "--keep-alive", str(keep_alive), "--reuse-port", "--timeout", "120", "--access-logfile", "-"]
        children = [Child("网站进程（gunicorn）", web)]
        if "DatabaseBackend" in settings.TASKS["default"]["BACKEND"] and not no_jobs:
            children.append(Child("后台任务进程", [sys.executable, "-m", "tuanjie", "worker"]))
        supervisor = Supervisor(children, echo=lambda text: (self.stdout.write(text), sys.stdout.flush()))
        # A stop request (SIGTERM from a process manager, `timeout`, Ctrl+C) stops the web server and the worker.
        supervisor.install_signals()
        self.stdout.write(f"团结 正在 http://{bind} 提供服务（Ctrl+C 停止）")
        sys.stdout.flush()
        if supervisor.run() != 0:
            raise CommandError("服务未能保持运行", returncode=1)
