"""File storage that never shows a partial file: the bytes go to a hidden temporary file in the target folder,
and only a complete file is linked under its final name. A full disk or a crash mid-write leaves no partial or
empty attachment behind, only the temporary file, which is removed on error."""

import os
import tempfile

from django.core.files.storage import FileSystemStorage


class WholeFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())   # an acknowledged upload survives a power cut
            while True:
                try:
                    os.link(temporary, full_path)   # fails if the name is taken, unlike rename
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
