from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tuanjie.core.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = ("从 tuanjie backup 生成的 .tar 文件恢复数据库和附件。目标数据库和附件目录须为空（或加 --force）；"
            "先核对清单里每个文件的 sha256，全部无误才写入；数据库在一个事务中恢复，不会只恢复一半。")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件（.tar）")
        parser.add_argument("--media", help="把附件恢复到这个目录（默认 TUANJIE_MEDIA；附件在 S3 上时必须指定）")
        parser.add_argument("--force", action="store_true",
                            help="目标不空时也恢复：整体替换数据库，现有附件目录改名保留在旁边")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, file, media, force, database, **options):
        if database not in settings.DATABASES:
            raise CommandError(f"没有名为 {database} 的数据库")
        if media is None:
            if not isinstance(storages["default"], FileSystemStorage):
                raise CommandError("附件存放在对象存储（S3）上：请用 --media 指定一个空的本地目录恢复附件，"
                                   "再用 mc mirror 或 aws s3 sync 上传到一个空的存储桶")
            media = settings.MEDIA_ROOT
        connections[database].close()   # the restore writes the database from outside Django
        try:
            result = restore_archive(archive=Path(file), database=connections[database].settings_dict,
                                     media_root=Path(media), force=force)
        except BackupError as e:
            raise CommandError(f"恢复失败：{e}") from e
        m = result.manifest
        self.stdout.write(
            f"恢复完成：{m['created_at']} 的备份（{m['database']['vendor']}，{len(m['tables'])} 个表 "
            f"{sum(m['tables'].values()):,} 行，{len(m['files'])} 个附件文件，校验和全部一致），用时 {result.seconds:.1f} 秒\n"
            f"  附件目录：{result.media_root}")
        if result.set_aside:
            self.stdout.write(f"  原附件目录已改名保留：{result.set_aside}")
        if result.unapplied:
            self.stdout.write(f"  本程序比备份新 {len(result.unapplied)} 个迁移：请运行 tuanjie migrate")
