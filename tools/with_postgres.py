"""Run a command against a throwaway PostgreSQL server: initdb in a temporary directory, start it on a free
loopback port, export TUANJIE_DATABASE_URL (and TUANJIE_PG_BINDIR/_DATADIR/_OPTIONS, so that a fault test can
`pg_ctl stop` and `start` it as the postgres user), run the command, stop the server and remove the directory.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user in a directory it owns.
Usage: python tools/with_postgres.py [--replica] -- COMMAND [ARGS...]"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def find_bindir() -> str:
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        candidates.append(out)
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if shutil.which("initdb"):
        candidates.append(os.path.dirname(shutil.which("initdb")))
    for path in candidates:
        if path and os.path.exists(os.path.join(path, "initdb")) and os.path.exists(os.path.join(path, "pg_ctl")):
            return path
    sys.exit("找不到 PostgreSQL（initdb/pg_ctl）。请安装 Debian 的 postgresql 软件包：apt-get install -y postgresql")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, bindir: str, root: str, name: str):
        self.bindir = bindir
        self.datadir = os.path.join(root, name)
        self.sockdir = root
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def run(self, *args, check=True):
        cmd = [os.path.join(self.bindir, args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def options(self, extra: str = "") -> str:
        return (f"-k {self.sockdir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=60 {extra}")

    def init(self):
        self.run("initdb", "-D", self.datadir, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8")

    def start(self, extra: str = ""):
        self.run("pg_ctl", "-D", self.datadir, "-l", os.path.join(self.datadir, "server.log"), "-w",
                 "-o", self.options(extra), "start")

    def stop(self):
        self.run("pg_ctl", "-D", self.datadir, "-m", "immediate", "-w", "stop", check=False)

    def url(self, db: str = "tuanjie") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"


def main(argv: list[str]) -> int:
    replica = "--replica" in argv[: argv.index("--")] if "--" in argv else False
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    if not command:
        sys.exit(__doc__)
    bindir = find_bindir()
    root = tempfile.mkdtemp(prefix="tuanjie-pg-")
    os.chmod(root, 0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary = Server(bindir, root, "primary")
    servers = [primary]
    try:
        primary.init()
        extra = "-c wal_level=replica -c max_wal_senders=4" if replica else ""
        if replica:
            with open(os.path.join(primary.datadir, "pg_hba.conf"), "a") as hba:
                hba.write("host replication all 127.0.0.1/32 trust\n")
        primary.start(extra)
        primary.run("createdb", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "tuanjie")
        env = dict(os.environ, TUANJIE_DATABASE_URL=primary.url(),
                   # a handle for fault tests (bench/faults.py) to stop and start the server under a running site
                   TUANJIE_PG_BINDIR=bindir, TUANJIE_PG_DATADIR=primary.datadir, TUANJIE_PG_OPTIONS=primary.options(extra))
        if replica:
            standby = Server(bindir, root, "replica")
            primary.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                        "-D", standby.datadir, "-R", "-X", "stream", "--checkpoint=fast")
            standby.start("-c hot_standby=on")
            servers.append(standby)
            env["TUANJIE_REPLICA_DATABASE_URL"] = standby.url()
        print(f"PostgreSQL {primary.run('postgres', '--version').stdout.strip()} 临时服务器：127.0.0.1:{primary.port}",
              flush=True)
        return subprocess.call(command, env=env)
    finally:
        for server in reversed(servers):
            server.stop()
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
