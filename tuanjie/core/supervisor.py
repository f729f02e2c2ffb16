"""Keeps `tuanjie serve`'s processes (gunicorn, the job worker) running.

A child that exits is started again after a wait that doubles with each quick failure. A child that keeps failing
soon after it starts will not be cured by waiting: the supervisor then stops everything and returns non-zero, so
the process manager (systemd, a container runtime) sees a failed service instead of a clean exit."""

import logging
import signal
import subprocess
import time
from dataclasses import dataclass, field

logger = logging.getLogger("tuanjie.serve")


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0            # quick failures in a row
    restart_at: float | None = None
    restarts: int = 0
    exits: list[int] = field(default_factory=list)


class Supervisor:
    def __init__(self, children: list[Child], *, first_wait: float = 1.0, longest_wait: float = 30.0,
                 healthy_seconds: float = 60.0, give_up_after: int = 5, poll_seconds: float = 0.5,
                 stop_seconds: float = 30.0, echo=print):
        self.children = children
        self.first_wait = first_wait
        self.longest_wait = longest_wait
        self.healthy_seconds = healthy_seconds
        self.give_up_after = give_up_after
        self.poll_seconds = poll_seconds
        self.stop_seconds = stop_seconds
        self.echo = echo
        self.stopping = False

    def stop(self, *_args) -> None:
        self.stopping = True

    def install_signals(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv)
        child.started = time.monotonic()
        child.restart_at = None

    def run(self) -> int:
        """Run until stopped (returns 0) or until a child keeps failing (returns 1)."""
        for child in self.children:
            self._start(child)
        try:
            while not self.stopping:
                now = time.monotonic()
                for child in self.children:
                    if child.restart_at is not None:
                        if now >= child.restart_at and not self.stopping:
                            child.restarts += 1
                            self.echo(f"重新启动{child.name}（第 {child.restarts} 次）")
                            self._start(child)
                        continue
                    code = child.process.poll()
                    if code is None:
                        continue
                    child.exits.append(code)
                    if now - child.started >= self.healthy_seconds:
                        child.failures = 0
                    child.failures += 1
                    if child.failures > self.give_up_after:
                        self.echo(f"{child.name}启动后接连 {child.failures} 次很快退出（最后状态 {code}），"
                                  f"停止服务，由进程管理器重新启动")
                        return 1
                    wait = min(self.longest_wait, self.first_wait * 2 ** (child.failures - 1))
                    self.echo(f"{child.name}意外退出（状态 {code}），{wait:g} 秒后重新启动")
                    child.restart_at = now + wait
                time.sleep(self.poll_seconds)
            return 0
        finally:
            self._stop_all()

    def _stop_all(self) -> None:
        running = [c.process for c in self.children if c.process is not None and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_seconds
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
