"""`tuanjie serve` keeps its processes running: a child that dies is started again after a growing wait, and
one that keeps dying soon after starting makes serve stop everything and exit non-zero."""

import sys
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from tuanjie.core.supervisor import Child, Supervisor

STAYS_UP = [sys.executable, "-c", "import time; time.sleep(60)"]
ALWAYS_FAILS = [sys.executable, "-c", "import sys; sys.exit(3)"]


def fails_first_time(marker) -> list[str]:
    code = ("import os, sys, time\n"
            f"first = not os.path.exists({str(marker)!r})\n"
            f"open({str(marker)!r}, 'a').close()\n"
            "sys.exit(3) if first else time.sleep(60)\n")
    return [sys.executable, "-c", code]


def quick(children, **kwargs) -> Supervisor:
    return Supervisor(children, first_wait=0.05, poll_seconds=0.02, stop_seconds=5, echo=lambda text: None,
                      **kwargs)


def wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_child_that_dies_is_started_again_and_all_stop_on_request(tmp_path):
    flaky, steady = Child("flaky", fails_first_time(tmp_path / "ran")), Child("steady", STAYS_UP)
    supervisor = quick([flaky, steady])
    outcome = []
    runner = threading.Thread(target=lambda: outcome.append(supervisor.run()))
    runner.start()
    wait_for(lambda: flaky.restarts == 1 and flaky.process.poll() is None)
    first_steady = steady.process
    supervisor.stop()
    runner.join(20)
    assert outcome == [0]
    assert flaky.exits == [3] and steady.restarts == 0 and steady.process is first_steady
    assert flaky.process.poll() is not None and steady.process.poll() is not None   # both stopped


def test_a_child_that_keeps_failing_makes_the_supervisor_give_up_non_zero_and_stop_the_rest():
    broken, steady = Child("gunicorn", ALWAYS_FAILS), Child("worker", STAYS_UP)
    started = time.monotonic()
    assert quick([broken, steady], give_up_after=3).run() == 1
    assert broken.exits == [3, 3, 3, 3] and broken.restarts == 3
    assert steady.process.poll() is not None
    assert time.monotonic() - started >= 0.05 + 0.1 + 0.2   # it waited, doubling, between the attempts


def test_serve_exits_non_zero_when_the_supervisor_gives_up(monkeypatch, settings):
    settings.TUANJIE_DEMO = True   # the development key, as on a local demo (tests/core/test_deploy.py: refused otherwise)
    monkeypatch.setattr(Supervisor, "install_signals", lambda self: None)
    monkeypatch.setattr(Supervisor, "run", lambda self: 1)
    with pytest.raises(CommandError) as raised:
        call_command("serve", "--no-jobs")
    assert raised.value.returncode == 1
