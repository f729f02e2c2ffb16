"""Files a crash left behind: an upload stores its file before its row commits, so a process killed in between
(kill -9, power cut) leaves a file no row names, or a hidden `.part-` file it was still writing. Nothing else
can: failed requests remove their files themselves (attachments/services.py). Only files older than
--minutes are removed, so an upload still in progress is never touched.

Also the resumable uploads (attachments/resumable.py) that expired before a form took them."""

import os
import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from tuanjie.attachments import resumable
from tuanjie.attachments.models import Attachment

FOLDER = "attachments"


class Command(BaseCommand):
    help = "删除没有附件记录对应的遗留文件（进程被强制结束时可能留下），只删除早于 --minutes 分钟的文件。"

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=60)
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, minutes, dry_run, **options):
        root = default_storage.path(FOLDER)
        cutoff = time.time() - minutes * 60
        named = set()
        for file, thumbnail in Attachment.objects.values_list("file", "thumbnail").iterator(chunk_size=5000):
            named.update(n for n in (file, thumbnail) if n)
        found = 0
        for folder, _dirs, files in os.walk(root):
            for filename in files:
                path = os.path.join(folder, filename)
                name = os.path.relpath(path, default_storage.location).replace(os.sep, "/")
                if name in named or os.path.getmtime(path) > cutoff:
                    continue
                found += 1
                self.stdout.write(name)
                if not dry_run:
                    os.unlink(path)
        verb = "找到" if dry_run else "删除了"
        self.stdout.write(f"{verb} {found} 个没有附件记录的文件")
        stale = resumable.stale_uploads(grace_seconds=minutes * 60)
        for path in stale:
            self.stdout.write(str(path))
            if not dry_run:
                path.unlink(missing_ok=True)
        self.stdout.write(f"{verb} {len(stale)} 个过期的断点续传文件")
