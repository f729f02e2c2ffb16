"""The background-job worker, made to ride out database outages.

django-tasks-db's `db_worker` lets any database error other than SQLite's "locked" escape its loop, so a
PostgreSQL restart of one second ended the process. This command runs the same loop and, when the database goes
away, waits (doubling the wait up to a ceiling) and starts the loop again on fresh connections."""

import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("tuanjie.worker")

FIRST_WAIT = 0.5
LONGEST_WAIT = 30.0
# A loop that ran this long before failing was healthy: the next outage starts again from the first wait.
HEALTHY_SECONDS = 60.0


class TaskInterrupted(RuntimeError):
    """Recorded on a job whose outcome could not be written because the database went away mid-job."""


class RetryingWorker(Worker):
    def __init__(self, *, sleep=time.sleep, clock=time.monotonic, **kwargs):
        super().__init__(**kwargs)
        self._sleep = sleep
        self._clock = clock
        self.outages = 0
        self._unrecorded = None   # the job that was running when the database failed

    def run(self) -> None:
        failures = 0
        while True:
            started = self._clock()
            try:
                self._record_interrupted()
                return super().run()
            except (OperationalError, InterfaceError) as exc:
                if not self.running:
                    return None
                if self._clock() - started >= HEALTHY_SECONDS:
                    failures = 0
                wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** failures)
                failures += 1
                self.outages += 1
                logger.warning("数据库不可用（%s），%.1f 秒后重试", str(exc).strip().splitlines()[0] if str(exc) else
                               type(exc).__name__, wait)
                connections.close_all()   # a broken connection is never reused
                self._sleep(wait)

    def run_task(self, db_task_result) -> None:
        try:
            super().run_task(db_task_result)
        except DatabaseError:
            # The job's outcome could not be saved; it stays "running" unless recorded once the database is back.
            self._unrecorded = db_task_result
            raise

    def _record_interrupted(self) -> None:
        if self._unrecorded is None:
            return
        # Marked failed rather than run again: a job that had already done its work must not be done twice.
        self._unrecorded.set_failed(TaskInterrupted("数据库中断，任务结果未能记录，请重新提交"))
        logger.warning("任务 %s 因数据库中断未能记录结果，已标记为失败", self._unrecorded.id)
        self._unrecorded = None


class Command(DbWorkerCommand):
    help = "运行后台任务进程（数据库中断时等待并重试，不退出）。"

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, max_tasks, worker_id,
               exclude_queues, **options) -> None:
        self.configure_logging(verbosity)
        queues = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        worker = RetryingWorker(queue_names=queues, interval=interval, batch=batch, backend_name=backend_name,
                                startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                                excluded_queue_names=excluded)
        worker.configure_signals()
        worker.run()
