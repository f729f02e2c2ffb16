"""`tuanjie backup` / `tuanjie restore`: a backup taken while someone keeps uploading photos restores into an empty
database and media folder as exactly the state of one moment: every table row for row, every referenced file byte
for byte, and none of the files of uploads that came later. The expected state is read from the source database
and media folder themselves, with SQL of the test's own, never from the backup's manifest or code."""

import hashlib
import io
import json
import os
import sqlite3
import tarfile
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from PIL import Image

from tests.factories import FACTORIES
from tuanjie.attachments.models import Attachment
from tuanjie.attachments.services import attach, attach_files
from tuanjie.core.backup import BackupError, pg_params, restore_archive
from tuanjie.core.context import acting_as

pytestmark = pytest.mark.django_db(transaction=True)
# Where the product keeps file names: a new file field must be added here (test_every_file_field_is_known).
FILE_COLUMNS = {"attachments_attachment": ("file", "thumbnail"), "documents_generateddocument": ("file", "pdf", "sheet"),
                "archives_archivepackage": ("file",)}


def photo(i: int) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (i * 37 % 256, i * 11 % 256, 90)).save(out, format="PNG")
    return SimpleUploadedFile(f"照片{i}.png", out.getvalue())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def source_database(transactional_db, tmp_path):
    """The database being backed up. The suite's SQLite test database lives in memory with a shared cache, where a
    writer and a reader in two threads fail at once on table locks instead of waiting; production's SQLite is a WAL
    file, so on SQLite this moves the default connection onto a file copy for the length of the test."""
    conn = connections["default"]
    if conn.vendor != "sqlite":
        yield conn.settings_dict
        return
    conn.ensure_connection()
    memory, name = conn.connection, conn.settings_dict["NAME"]
    path = tmp_path / "source.sqlite3"
    with closing(sqlite3.connect(path)) as copy:
        memory.backup(copy)
    conn.connection = None
    conn.settings_dict["NAME"] = str(path)
    try:
        yield conn.settings_dict
    finally:
        conn.close()
        conn.settings_dict["NAME"] = name
        conn.connection = memory


@pytest.fixture
def empty_database(tmp_path):
    """The restore target: a new SQLite file, or a new database on the same throwaway PostgreSQL server."""
    settings_dict = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        yield {**settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    import psycopg

    name = f"tuanjie_restored_{os.getpid()}"
    with psycopg.connect(**pg_params(settings_dict, "postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield {**settings_dict, "NAME": name}
    finally:
        with psycopg.connect(**pg_params(settings_dict, "postgres"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def raw_connection(settings_dict):
    if "sqlite3" in settings_dict["ENGINE"]:
        return sqlite3.connect(settings_dict["NAME"])
    import psycopg

    return psycopg.connect(**pg_params(settings_dict))


def dump(settings_dict) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table: its column names and all its rows ordered by every column."""
    with closing(raw_connection(settings_dict)) as conn:
        cursor = conn.cursor()
        if "sqlite3" in settings_dict["ENGINE"]:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        else:
            # Each partitioned table once, through its parent (core/partitions.py).
            cursor.execute("SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
                           "AND relkind IN ('r', 'p') AND NOT relispartition")
        tables = sorted(row[0] for row in cursor.fetchall())
        out = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')
            columns = [d[0] for d in cursor.description]
            order = ", ".join(str(i + 1) for i in range(len(columns)))
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
            out[table] = (columns, [tuple(row) for row in cursor.fetchall()])
        return out


def as_json(value):
    return json.loads(value) if isinstance(value, str) else value


def table_count(settings_dict) -> int:
    name = settings_dict["NAME"]
    if "sqlite3" in settings_dict["ENGINE"] and not Path(name).exists():
        return 0
    return len(dump(settings_dict))


class Uploader(threading.Thread):
    """Someone attaching photos one after another, as fast as the server takes them."""

    def __init__(self, owner):
        super().__init__(daemon=True)
        self.owner, self.stop, self.done, self.error = owner, threading.Event(), [], None

    def run(self):
        try:
            i = 0
            while not self.stop.is_set():
                self.done.append(attach(owner=self.owner, file=photo(1000 + i), by=None).pk)
                i += 1
        except BaseException as e:  # reported by the test, which fails on it
            self.error = e
        finally:
            connection.close()

    def wait_for(self, n: int):
        deadline = time.monotonic() + 30
        while len(self.done) < n and self.error is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert self.error is None, self.error
        assert len(self.done) >= n, "the uploader stalled"


def build_year(tree):
    """One record of every business model (the access battery's factories) and a few photos on records."""
    with acting_as(None, source="test"):
        made = [make(tree.u1, tree) for make in FACTORIES.values()]
        attach_files(owner=tree.t1, files=[photo(i) for i in range(4)], by=None, caption="活动照片")
    return made


def test_a_backup_taken_while_photos_upload_restores_every_table_and_file_of_one_moment(
        source_database, tree, empty_database, tmp_path, settings):
    build_year(tree)
    source_media = Path(settings.MEDIA_ROOT)
    (source_media / "attachments").mkdir(parents=True, exist_ok=True)
    (source_media / "attachments" / "orphan-of-a-failed-upload.jpg").write_bytes(b"not referenced")
    archive = tmp_path / "backup.tar"

    uploader = Uploader(tree.u1)
    uploader.start()
    try:
        uploader.wait_for(3)
        before = len(uploader.done)
        started = time.monotonic()
        call_command("backup", "--output", str(archive), stdout=io.StringIO())
        seconds = time.monotonic() - started
        during = len(uploader.done) - before
        uploader.wait_for(len(uploader.done) + 3)   # uploads go on after the backup: they must not be in it
    finally:
        uploader.stop.set()
        uploader.join(30)
    assert uploader.error is None, uploader.error
    uploads = uploader.done

    restored_media = tmp_path / "restored-media"
    result = restore_archive(archive=archive, database=empty_database, media_root=restored_media)

    source, restored = dump(source_database), dump(empty_database)
    assert set(restored) == set(source)
    attachments, changelog = Attachment._meta.db_table, "core_changelogentry"
    columns, rows = restored[attachments]
    pk = columns.index("id")
    restored_ids = {row[pk] for row in rows}
    in_backup = [u for u in uploads if u in restored_ids]
    # The snapshot is one moment of a serial uploader: all uploads up to some point and none after it.
    assert in_backup == uploads[:len(in_backup)]
    assert before <= len(in_backup) < len(uploads)
    later = set(uploads[len(in_backup):])

    with closing(raw_connection(source_database)) as conn:
        cursor = conn.cursor()
        cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'attachments' AND model = 'attachment'")
        attachment_type = cursor.fetchone()[0]
    for table, (columns, rows) in source.items():
        if table == attachments:
            expected = [row for row in rows if row[pk] not in later]
        elif table == changelog:
            ct, oid = columns.index("content_type_id"), columns.index("object_id")
            expected = [row for row in rows if not (row[ct] == attachment_type and int(row[oid]) in later)]
        else:
            expected = rows
        assert restored[table] == (columns, expected), f"table {table} differs"

    referenced = {row[columns.index(c)] for table, names in FILE_COLUMNS.items() for c in names
                  for columns, rows in [restored[table]] for row in rows if row[columns.index(c)]}
    if "core_deletedrecord" in restored:   # the recycle bin keeps deleted records' files ([label, field, name])
        columns, rows = restored["core_deletedrecord"]
        referenced |= {entry[-1] for row in rows for entry in as_json(row[columns.index("files")])}
    files = {p.relative_to(restored_media).as_posix() for p in restored_media.rglob("*") if p.is_file()}
    assert files == referenced and len(files) >= 2 * (4 + len(in_backup))
    for name in referenced:
        assert sha256(restored_media / name) == sha256(source_media / name), name
    assert result.manifest["tables"] == {table: len(rows) for table, (_, rows) in restored.items()}
    print(f"\nround trip ({connection.vendor}): {len(restored)} tables, {sum(len(r) for _, r in restored.values())} rows,"
          f" {len(files)} files; backup {seconds:.2f} s with {during} uploads committed during it;"
          f" {len(uploads)} uploads in all, {len(in_backup)} in the snapshot")


def test_a_tampered_archive_is_refused_and_nothing_is_restored(source_database, tree, empty_database, tmp_path):
    attach(owner=tree.t1, file=photo(1), by=None)
    archive = tmp_path / "backup.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w", format=tarfile.PAX_FORMAT) as out:
        for member in src:
            data = src.extractfile(member).read()
            if member.name.startswith("media/attachments/") and "thumbs" not in member.name:
                at = len(data) // 2     # a small PNG is kept as PNG now, under 100 bytes
                data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]   # one flipped byte, same size
            out.addfile(member, io.BytesIO(data))

    media = tmp_path / "restored-media"
    with pytest.raises(BackupError, match="校验和与清单不符"):
        restore_archive(archive=tampered, database=empty_database, media_root=media)
    assert table_count(empty_database) == 0
    assert not media.exists() and list(tmp_path.glob(".restored-media*")) == []


def test_a_restore_refuses_a_database_that_is_not_empty_in_chinese(source_database, tree, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="不是空的.*--force"):
        call_command("restore", str(archive), "--media", str(tmp_path / "new-media"))
    assert not (tmp_path / "new-media").exists()


def test_a_backup_fails_loudly_when_a_file_its_rows_reference_is_missing(source_database, tree, tmp_path):
    lost = attach(owner=tree.t1, file=photo(1), by=None)
    default_storage.delete(lost.file.name)   # as a purge racing the backup would
    archive = tmp_path / "backup.tar"
    with pytest.raises(CommandError, match=f"附件文件不存在：{lost.file.name}"):
        call_command("backup", "--output", str(archive), stdout=io.StringIO())
    assert list(tmp_path.glob("backup.tar*")) == []


def test_every_file_field_is_known_to_this_test():
    from django.apps import apps
    from django.db.models import FileField

    found = {(m._meta.db_table, f.column) for m in apps.get_models() for f in m._meta.concrete_fields
             if isinstance(f, FileField)}
    assert found == {(table, c) for table, names in FILE_COLUMNS.items() for c in names}


def test_files_on_object_storage_are_read_through_the_storage_api_and_restored_to_a_folder(
        source_database, tree, empty_database, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    stored = attach(owner=tree.t1, file=photo(2), by=None)   # stands in for S3: nothing under MEDIA_ROOT
    content = default_storage.open(stored.file.name).read()
    archive = tmp_path / "backup.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="对象存储.*--media"):
        call_command("restore", str(archive))
    restore_archive(archive=archive, database=empty_database, media_root=tmp_path / "for-the-bucket")
    assert (tmp_path / "for-the-bucket" / stored.file.name).read_bytes() == content


def test_a_failed_database_step_leaves_the_media_folder_as_it_was(
        source_database, tree, empty_database, tmp_path, monkeypatch):
    from tuanjie.core import backup

    attach(owner=tree.t1, file=photo(3), by=None)
    archive = tmp_path / "backup.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    media = tmp_path / "media-in-use"
    media.mkdir()
    (media / "keep.txt").write_text("旧文件")

    def fails(*args, **kwargs):
        raise BackupError("数据库写入失败（测试）")

    monkeypatch.setattr(backup, "_restore_database", fails)
    with pytest.raises(BackupError, match="测试"):
        restore_archive(archive=archive, database=empty_database, media_root=media, force=True)
    assert [p.name for p in media.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".media-in-use", "media-in-use"))) == [
        "media-in-use"]
    assert table_count(empty_database) == 0


@pytest.mark.parametrize(("change", "message"), [
    (lambda m: m["migrations"].append("plans.9999_from_a_newer_version"), "更新版本.*请先升级程序"),
    (lambda m: m["database"].update(vendor={"sqlite": "postgresql"}.get(m["database"]["vendor"], "sqlite")),
     "请恢复到同一种数据库"),
    (lambda m: m["files"].append({"name": "../../etc/passwd", "size": 1, "sha256": "0" * 64}), "不安全"),
], ids=["newer-migrations", "other-vendor", "path-outside-media"])
def test_an_archive_this_program_cannot_restore_faithfully_is_refused(
        source_database, tree, empty_database, tmp_path, change, message):
    archive = tmp_path / "backup.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    edited = tmp_path / "edited.tar"
    with tarfile.open(archive) as src, tarfile.open(edited, "w", format=tarfile.PAX_FORMAT) as out:
        for member in src:
            data = src.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match=message):
        restore_archive(archive=edited, database=empty_database, media_root=tmp_path / "media")
    assert table_count(empty_database) == 0 and not (tmp_path / "media").exists()
