"""The job worker rides out a database outage: it waits (longer each time) and carries on, and a job whose
outcome could not be saved is marked failed once the database is back instead of staying "running" for ever."""

import pytest
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tests.outage import database_down
from tuanjie.core.management.commands import worker as worker_module
from tuanjie.core.management.commands.worker import RetryingWorker

DONE = []
OUTAGE = {"on": False}


@task()
def note_done(label: str) -> str:
    DONE.append(label)
    return label


@task()
def loses_the_database_midway() -> None:
    OUTAGE["on"] = True


@pytest.fixture
def database_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # The test runs inside one transaction; the worker's "drop stale connections" would end it.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    monkeypatch.setattr(worker_module.connections, "close_all", lambda: None)
    DONE.clear()
    OUTAGE["on"] = False


def make_worker(sleep):
    return RetryingWorker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                          startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
                          sleep=sleep)


def test_the_worker_waits_out_an_outage_and_then_runs_the_job(db, database_tasks):
    result = note_done.enqueue("第一份")
    outage = {"queries left to fail": 3}
    waits = []

    def failing(sql):
        if outage["queries left to fail"]:
            outage["queries left to fail"] -= 1
            return True
        return False

    with database_down(when=failing):
        make_worker(sleep=waits.append).run()
    assert DONE == ["第一份"]
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert waits == [0.5, 1.0, 2.0]        # doubling from half a second


def test_the_wait_stops_growing_at_thirty_seconds(db, database_tasks):
    note_done.enqueue("x")
    outage = {"left": 9}
    waits = []

    def failing(sql):
        outage["left"] -= 1
        return outage["left"] >= 0

    with database_down(when=failing):
        make_worker(sleep=waits.append).run()
    assert waits == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]


@pytest.mark.django_db(transaction=True)   # a failed write inside the test's transaction would spoil it
def test_a_job_interrupted_by_the_outage_is_marked_failed_once_the_database_is_back(database_tasks, monkeypatch):
    monkeypatch.setattr("django_tasks_db.utils.time.sleep", lambda s: None)   # its own quick retries
    result = loses_the_database_midway.enqueue()

    def database_back(seconds):
        OUTAGE["on"] = False

    with database_down(when=lambda sql: OUTAGE["on"]):
        worker = make_worker(sleep=database_back)
        worker.run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert worker.outages == 1
    assert row.status == "FAILED" and row.exception_class_path.endswith("TaskInterrupted")
