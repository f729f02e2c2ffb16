from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tuanjie.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("把数据库和它引用的全部附件备份到一个 .tar 文件（含清单：版本、时间、数据库类型、迁移、每个文件的大小和 sha256、"
            "每个表的行数）。网站运行、用户上传时也可备份：先取数据库快照，再复制快照里的记录引用的文件。")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="备份文件路径（默认 数据目录/backups/tuanjie-年月日-时分秒.tar）")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, output, database, **options):
        if database not in settings.DATABASES:
            raise CommandError(f"没有名为 {database} 的数据库")
        try:
            result = backup_create(database=connections[database].settings_dict, storage=storages["default"],
                                   output=output)
        except BackupError as e:
            raise CommandError(f"备份失败：{e}") from e
        m = result.manifest
        files = sum(f["size"] for f in m["files"])
        self.stdout.write(
            f"备份完成：{result.path}\n"
            f"  数据库 {m['database']['vendor']} {m['database']['server_version']}，{len(m['tables'])} 个表 "
            f"{sum(m['tables'].values()):,} 行，{len(m['migrations'])} 个迁移\n"
            f"  附件 {len(m['files'])} 个文件 {files / 1048576:.1f} MB；用时 {result.seconds:.1f} 秒")
