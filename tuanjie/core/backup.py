"""Backups that restore: one tar archive holding the database, the files its rows reference and a manifest.

Consistency while people upload. An upload writes its file before its row commits (`attachments/services.py`), so
every file a committed row names is already stored. A backup therefore takes the database snapshot first
(PostgreSQL: `pg_dump` from an exported snapshot, and the manifest read inside that same snapshot; SQLite: the
online backup API in one step) and only then copies the files that the snapshot's rows name, through the storage
API (local `MEDIA_ROOT` or S3 alike). Files of uploads that commit after the snapshot are left out: their rows are
not in it. A file deleted after the snapshot must still be readable when it is copied; deletions keep files until a
purge, and a backup that finds a referenced file missing fails and names it rather than write an archive that
would restore rows without their files.

Restore checks everything before it changes anything: the manifest's format and database vendor, that the code
knows every migration the backup has, that the target database and media folder are empty (or `force`), and every
member's size and sha256. Files are extracted beside the media folder and moved in by one rename; the database is
restored in one transaction (`pg_restore --single-transaction`; the SQLite backup API writes the target in one
transaction); if the database step fails, the media folder is put back as it was."""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import Storage
from django.utils import timezone

FORMAT = "tuanjie-backup/1"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Chinese) says what to do."""


@dataclass
class Snapshot:
    vendor: str
    server_version: str
    path: Path
    tables: dict[str, int]
    migrations: list[str]
    files: list[str]


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    seconds: float


@dataclass
class RestoreResult:
    manifest: dict
    media_root: Path
    set_aside: Path | None = None
    unapplied: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --- what a snapshot holds ---------------------------------------------------------------------------------------

# JSON columns that name stored files besides the file fields, with how to read a name from one list entry: the
# recycle bin (core.DeletedRecord, entries [model label, field, name]) keeps the files of deleted records until a
# purge, and undeleting a record after a restore needs them. Used only when the table is in the snapshot.
FILE_LISTS = [("core_deletedrecord", "files", lambda entry: entry[-1])]


def file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field of every model: attachments, thumbnails, generated documents."""
    from django.apps import apps
    from django.db import models

    columns = set()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                columns.add((model._meta.db_table, f.column))
    return sorted(columns)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_contents(cursor, tables: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Row counts, applied migrations and referenced file names, read through a cursor on the snapshot."""
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    files: set[str] = set()
    for table, column in file_columns():
        if table in counts:
            cursor.execute(f"SELECT DISTINCT {_quote(column)} FROM {_quote(table)} "
                           f"WHERE {_quote(column)} IS NOT NULL AND {_quote(column)} <> ''")
            files.update(row[0] for row in cursor.fetchall())
    for table, column, name_of in FILE_LISTS:
        if table in counts:
            cursor.execute(f"SELECT {_quote(column)} FROM {_quote(table)} WHERE {_quote(column)} IS NOT NULL")
            for (value,) in cursor.fetchall():
                files.update(name_of(entry) for entry in (json.loads(value) if isinstance(value, str) else value))
    return counts, migrations, sorted(files)


def vendor_of(database: dict) -> str:
    engine = database["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"不支持的数据库类型 {engine}：备份与恢复只支持 PostgreSQL 和 SQLite")


def _sqlite_connect(name: str, timeout: float = 20) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=timeout)


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [row[0] for row in cursor.fetchall()]


def _snapshot_sqlite(database: dict, work: Path) -> Snapshot:
    name = str(database["NAME"])
    if not name.startswith("file:") and not Path(name).is_file():
        raise BackupError(f"找不到 SQLite 数据库文件 {name}：请检查 TUANJIE_DATABASE_URL")
    target = work / DATABASE_MEMBER["sqlite"]
    # One step (pages=-1) reads the whole database in one read transaction: a consistent copy while others write
    # (WAL lets them go on). A file copy of a live database can tear between pages.
    with closing(_sqlite_connect(name, timeout=60)) as source, \
            closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    with closing(sqlite3.connect(target)) as copy:
        cursor = copy.cursor()
        counts, migrations, files = _read_contents(cursor, _sqlite_tables(cursor))
    return Snapshot("sqlite", sqlite3.sqlite_version, target, counts, migrations, files)


# --- PostgreSQL client programs ------------------------------------------------------------------------------------

def pg_params(database: dict, dbname: str | None = None) -> dict:
    params = {"dbname": dbname or database["NAME"], "user": database.get("USER"), "password": database.get("PASSWORD"),
              "host": database.get("HOST"), "port": database.get("PORT")}
    params = {k: str(v) for k, v in params.items() if v not in (None, "")}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "options"):
        if key in database.get("OPTIONS", {}):
            params[key] = database["OPTIONS"][key]
    return params


def _pg_env(database: dict) -> dict:
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT",
             "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
             "options": "PGOPTIONS"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[k]: v for k, v in pg_params(database).items()})
    return env


def pg_tool(name: str, server_major: int | None = None) -> str:
    """The client program of the server's major version if installed (pg_dump refuses a newer server), else the
    newest one there is: the same places tools/with_postgres.py looks, plus TUANJIE_PG_BINDIR."""
    candidates = []
    if os.environ.get("TUANJIE_PG_BINDIR"):
        candidates.append(os.environ["TUANJIE_PG_BINDIR"])
    if server_major:
        candidates.append(f"/usr/lib/postgresql/{server_major}/bin")
    if shutil.which("pg_config"):
        candidates.append(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip())

    def major(path: str) -> int:
        part = Path(path).parent.name
        return int(part) if part.isdigit() else 0

    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=major, reverse=True)
    if shutil.which(name):
        candidates.append(os.path.dirname(shutil.which(name)))
    for path in candidates:
        if path and os.access(os.path.join(path, name), os.X_OK):
            return os.path.join(path, name)
    package = f"postgresql-client-{server_major}" if server_major else "postgresql-client"
    raise BackupError(f"找不到 PostgreSQL 的 {name}。请安装与数据库服务器同版本的客户端：apt-get install -y {package}"
                      "（或用 TUANJIE_PG_BINDIR 指定其所在目录）")


def _run_tool(cmd: list[str], env: dict, what: str) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what}失败（{os.path.basename(cmd[0])} 退出码 {done.returncode}）：{done.stderr.strip()}")


def _pg_connect(database: dict, dbname: str | None = None):
    import psycopg

    try:
        return psycopg.connect(**pg_params(database, dbname), connect_timeout=10)
    except psycopg.OperationalError as e:
        raise BackupError(f"连接不上 PostgreSQL 数据库 {dbname or database['NAME']}：{str(e).strip()}") from e


def _snapshot_postgresql(database: dict, work: Path) -> Snapshot:
    import psycopg

    target = work / DATABASE_MEMBER["postgresql"]
    with closing(_pg_connect(database)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        cursor = conn.cursor()
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version'), "
                       "current_setting('server_version_num')::int")
        snapshot_id, version, number = cursor.fetchone()
        # pg_dump reads the snapshot this transaction exported, so the dump, the counts and the file list below
        # all see the same committed rows. The transaction stays open until both are done.
        _run_tool([pg_tool("pg_dump", number // 10000), "--format=custom", f"--snapshot={snapshot_id}",
                   "--file", str(target)], _pg_env(database), "导出 PostgreSQL 数据库")
        # A partitioned table counts once, by its parent (its yearly partitions are part of it, core/partitions.py).
        cursor.execute("SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
                       "AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY relname")
        counts, migrations, files = _read_contents(cursor, [row[0] for row in cursor.fetchall()])
        conn.rollback()
    return Snapshot("postgresql", version, target, counts, migrations, files)


# --- backup --------------------------------------------------------------------------------------------------------

class _Hashing:
    """Reads through to a file object, counting and hashing what passes (tarfile copies from it)."""

    def __init__(self, f):
        self.f, self.sha, self.size = f, hashlib.sha256(), 0

    def read(self, n=-1):
        data = self.f.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, name: str, size: int, f) -> dict:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o644
    reader = _Hashing(f)
    tar.addfile(info, reader)
    if reader.size != size or f.read(1):
        raise BackupError(f"文件 {name} 在备份过程中被改动了（大小不符）：请重新备份")
    return {"size": size, "sha256": reader.sha.hexdigest()}


def default_output() -> Path:
    return Path(settings.DATA_DIR) / "backups" / f"tuanjie-{timezone.localtime():%Y%m%d-%H%M%S}.tar"


def backup_create(*, database: dict, storage: Storage, output: Path | None = None) -> BackupResult:
    """Write one archive: the database snapshot, the files its rows reference, and the manifest."""
    started, taken_at = time.monotonic(), timezone.now()
    vendor = vendor_of(database)
    output = Path(output) if output else default_output()
    if output.exists():
        raise BackupError(f"{output} 已存在：备份不覆盖已有文件，请换一个文件名（--output）")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(prefix=".tuanjie-backup-", dir=output.parent) as work:
            snapshot = (_snapshot_postgresql if vendor == "postgresql" else _snapshot_sqlite)(database, Path(work))
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                with open(snapshot.path, "rb") as f:
                    db_entry = _add(tar, DATABASE_MEMBER[vendor], snapshot.path.stat().st_size, f)
                files, missing = [], []
                for name in snapshot.files:
                    try:
                        size = storage.size(name)
                        with storage.open(name, "rb") as f:
                            files.append({"name": name, **_add(tar, MEDIA_PREFIX + name, size, f)})
                    except Exception as e:   # storages differ in what a missing file raises (S3: ClientError)
                        if isinstance(e, BackupError) or storage.exists(name):
                            raise BackupError(f"读取附件文件 {name} 失败：{e}") from e
                        missing.append(name)
                if missing:
                    shown = "、".join(missing[:10]) + (f" 等 {len(missing)} 个" if len(missing) > 10 else "")
                    raise BackupError(
                        f"数据库里的记录引用的附件文件不存在：{shown}。备份没有生成（它会恢复出没有文件的附件）。"
                        "请查明这些文件为何缺失（是否被手工删除或清理），找回或删除对应记录后重新备份")
                manifest = {
                    "format": FORMAT,
                    "tuanjie_version": _version(),
                    "created_at": taken_at.isoformat(timespec="seconds"),   # just before the snapshot
                    "database": {"vendor": vendor, "server_version": snapshot.server_version,
                                 "name": DATABASE_MEMBER[vendor], **db_entry},
                    "storage": f"{type(storage).__module__}.{type(storage).__qualname__}",
                    "migrations": snapshot.migrations,
                    "tables": snapshot.tables,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add(tar, MANIFEST, len(data), io.BytesIO(data))
            with open(partial, "rb") as f:
                os.fsync(f.fileno())
            os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(output, manifest, time.monotonic() - started)


def _version() -> str:
    try:
        return metadata.version("tuanjie")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- restore -------------------------------------------------------------------------------------------------------

def _safe_name(name: object) -> str:
    path = PurePosixPath(str(name))
    if (not isinstance(name, str) or not name or "\\" in name or path.is_absolute()
            or any(part in ("", ".", "..") for part in name.split("/"))):
        raise BackupError(f"备份清单里的文件名 {name!r} 不安全（绝对路径或含 ..），已拒绝恢复")
    return name


def read_manifest(tar: tarfile.TarFile) -> dict:
    unreadable = f"备份清单 {MANIFEST} 无法读取（%s）：文件已损坏或被改动，已拒绝恢复"
    try:
        member = tar.getmember(MANIFEST)
        stream = tar.extractfile(member)
        if stream is None:
            raise BackupError(unreadable % "不是普通文件")
        manifest = json.loads(stream.read())
    except KeyError as e:
        raise BackupError(f"不是团结的备份文件：缺少 {MANIFEST} 或其中的 {e}") from e
    except (ValueError, tarfile.TarError) as e:
        raise BackupError(unreadable % e) from e
    # The shape is checked here rather than by catching TypeError/AttributeError later, which would also hide a bug.
    if not isinstance(manifest, dict):
        raise BackupError(unreadable % "清单不是一个对象")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')!r} 不受支持（本程序读 {FORMAT}）")
    absent = [key for key in ("database", "tables", "migrations", "files") if key not in manifest]
    if absent or not isinstance(manifest["database"], dict) or "vendor" not in manifest["database"]:
        raise BackupError(f"不是团结的备份文件：缺少 {MANIFEST} 或其中的 {absent[0] if absent else 'database.vendor'!r}")
    if not isinstance(manifest["files"], list) or not all(isinstance(e, dict) and "name" in e for e in manifest["files"]):
        raise BackupError(unreadable % "文件清单的格式不对")
    for entry in manifest["files"]:
        _safe_name(entry["name"])
    return manifest


def _unknown_migrations(manifest: dict) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    return sorted(set(manifest["migrations"]) - known)


def _unapplied_migrations(manifest: dict) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    return sorted(known - set(manifest["migrations"]))


def _database_tables(database: dict, vendor: str) -> tuple[int, int | None]:
    """How many tables the target already has, and (PostgreSQL) the server's major version."""
    if vendor == "sqlite":
        name = str(database["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return 0, None
        with closing(_sqlite_connect(name)) as conn:
            return len(_sqlite_tables(conn.cursor())), None
    with closing(_pg_connect(database)) as conn:
        row = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
                           " AND schemaname NOT LIKE 'pg_toast%'").fetchone()
        number = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()[0]
        return row[0], number // 10000


def _extract_verified(tar: tarfile.TarFile, manifest: dict, work: Path) -> Path:
    """Extract every member into `work`, checking it against the manifest; anything unexpected refuses."""
    expected = {MEDIA_PREFIX + entry["name"]: entry for entry in manifest["files"]}
    db_name = DATABASE_MEMBER[manifest["database"]["vendor"]]
    expected[db_name] = manifest["database"]
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected or member.name in seen or not member.isfile():
            raise BackupError(f"备份里的 {member.name} 不在清单中（或重复、不是普通文件）：备份被改动过，已拒绝恢复")
        entry = expected[member.name]
        target = work / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        sha, size = hashlib.sha256(), 0
        with tar.extractfile(member) as src, open(target, "wb") as out:
            while chunk := src.read(CHUNK):
                sha.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if size != entry["size"] or sha.hexdigest() != entry["sha256"]:
            raise BackupError(f"{member.name} 的大小或 sha256 校验和与清单不符：备份文件已损坏或被改动，已拒绝恢复。"
                              "数据库和附件目录都没有改动")
        seen.add(member.name)
    lost = sorted(set(expected) - seen)
    if lost:
        raise BackupError(f"清单列出的 {lost[0]} 等 {len(lost)} 个文件不在备份里：备份不完整，已拒绝恢复")
    return work / db_name


def _restore_database(db_file: Path, database: dict, vendor: str, force: bool, server_major: int | None) -> None:
    if vendor == "sqlite":
        name = str(database["NAME"])
        if not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(sqlite3.connect(db_file)) as source, \
                    closing(_sqlite_connect(str(database["NAME"]))) as target:
                source.backup(target)   # all pages in one write transaction on the target
        except sqlite3.Error as e:
            raise BackupError(f"写入 SQLite 数据库 {database['NAME']} 失败：{e}（如在使用中，请先停止 tuanjie serve）") \
                from e
        return
    cmd = [pg_tool("pg_restore", server_major), "--single-transaction", "--exit-on-error", "--no-owner",
           "--no-privileges", "--dbname", str(database["NAME"])]
    if force:
        cmd += ["--clean", "--if-exists"]
    _run_tool([*cmd, str(db_file)], _pg_env(database), "恢复 PostgreSQL 数据库（整个恢复在一个事务中，数据库未改动）")


def restore_archive(*, archive: Path, database: dict, media_root: Path, force: bool = False) -> RestoreResult:
    started = time.monotonic()
    archive, media_root = Path(archive), Path(media_root)
    vendor = vendor_of(database)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}")
    try:
        tar = tarfile.open(archive, "r:")
    except tarfile.TarError as e:
        raise BackupError(f"{archive} 不是团结的备份文件（无法按 tar 读取：{e}）") from e
    with tar:
        manifest = read_manifest(tar)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(f"这是 {manifest['database']['vendor']} 数据库的备份，而目标数据库是 {vendor}："
                              "请恢复到同一种数据库")
        unknown = _unknown_migrations(manifest)
        if unknown:
            raise BackupError(f"备份来自更新版本的团结（含本程序没有的迁移 {'、'.join(unknown[:5])}）：请先升级程序再恢复")
        tables, server_major = _database_tables(database, vendor)
        if tables and not force:
            raise BackupError(f"目标数据库 {database['NAME']} 不是空的（已有 {tables} 个表）。恢复只写入空数据库："
                              "请新建一个空数据库，或确实要整体替换它时加 --force")
        if media_root.exists() and not media_root.is_dir():
            raise BackupError(f"附件目录 {media_root} 是一个文件而不是目录")
        occupied = media_root.is_dir() and any(media_root.iterdir())
        if occupied and not force:
            raise BackupError(f"附件目录 {media_root} 不是空的。请指定一个空的或新的目录（--media），"
                              "或加 --force（现有目录会改名保留在旁边）")
        media_root.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent))
        try:
            db_file = _extract_verified(tar, manifest, work)
            staged = work / MEDIA_PREFIX.rstrip("/")
            staged.mkdir(exist_ok=True)
            aside, was_empty_dir = None, media_root.is_dir() and not occupied
            if occupied:
                aside = media_root.with_name(f"{media_root.name}.before-restore-{timezone.localtime():%Y%m%d-%H%M%S}")
                media_root.rename(aside)
            elif media_root.is_dir():
                media_root.rmdir()
            staged.rename(media_root)   # one rename: the media folder is either the old one or the restored one
            try:
                _restore_database(db_file, database, vendor, force, server_major)
            except BaseException:
                media_root.rename(staged)
                if aside:
                    aside.rename(media_root)
                elif was_empty_dir:
                    media_root.mkdir()
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return RestoreResult(manifest, media_root, aside, _unapplied_migrations(manifest), time.monotonic() - started)
