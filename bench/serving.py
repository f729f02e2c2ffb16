"""What the benchmarks that drive a real `tuanjie serve` share: a free loopback port, waiting for the server to
answer, and stopping its process group (gunicorn's workers with it)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60, path: str = "/healthz", log: str = "") -> None:
    """Returns once `url + path` answers 200; exits the benchmark if the server died or never answered."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"tuanjie serve 已退出（状态 {proc.returncode}）{'，见 ' + log if log else ''}")
        try:
            with urllib.request.urlopen(url + path, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"tuanjie serve 在 {seconds:.0f} 秒内没有应答")


def stop(serve: subprocess.Popen | None) -> None:
    """Stops a server started with start_new_session=True: TERM to the group, KILL after 30 s."""
    if serve is None or serve.poll() is not None:
        return
    os.killpg(serve.pid, signal.SIGTERM)
    try:
        serve.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(serve.pid, signal.SIGKILL)
