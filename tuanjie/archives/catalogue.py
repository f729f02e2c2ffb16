"""The catalogue (归档文件目录) of a subject's year: one line per piece the registry finds (registry.py), each with
its archival fields and the files that go with it. Lines are read in the registry's order and, within a piece, in
record order, so the counted 件号 of one year come out the same every time the catalogue is drawn."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery

from tuanjie.archives import registry
from tuanjie.archives.models import Retention, archival_code
from tuanjie.attachments.models import Attachment

HEADERS = ["档号", "类别", "题名", "责任者", "日期", "页数", "保管期限", "文件", "备注"]


@dataclass
class StoredFile:
    name: str          # its path inside the package
    file: object       # a FieldFile (copied as it is) …
    kind: str = ""     # "image" / "document" for attachments


@dataclass
class Line:
    code: str
    category: str
    title: str
    responsible: str
    dated: object
    retention: str
    record: object
    piece: registry.Piece
    files: list[StoredFile] = field(default_factory=list)
    document_name: str = ""       # the PDF printed from the record, if the piece prints one
    pages: int = 0

    def row(self) -> list:
        names = ([self.document_name] if self.document_name else []) + [f.name for f in self.files]
        return [self.code, self.category, self.title, self.responsible, self.dated or "", self.pages or "",
                str(Retention(self.retention).label), "；".join(names), ""]


def folders() -> dict[str, str]:
    """Category → its folder in the package ("03_创建活动"), numbered in the registry's order."""
    found: dict[str, str] = {}
    for piece in registry.listed():
        if piece.category not in found:
            found[piece.category] = f"{len(found) + 1:02d}_{piece.category}"
    return found


def _attachments(piece: registry.Piece, records) -> dict[int, list[Attachment]]:
    if not piece.files:
        return {}
    found: dict[int, list[Attachment]] = {}
    content_type = ContentType.objects.get_for_model(piece.model)
    for attachment in (Attachment.objects.filter(content_type=content_type,
                                                 object_id__in=Subquery(records.values("pk")))
                       .only("object_id", "file", "kind", "original_name").order_by("object_id", "id").iterator()):
        found.setdefault(attachment.object_id, []).append(attachment)
    return found


def lines(place, year: int) -> Iterator[Line]:
    folder_of = folders()
    counted: dict[tuple[str, str], int] = {}
    for piece in registry.listed():
        records = piece.records(place, year)
        files = _attachments(piece, records)
        folder = folder_of[piece.category]
        for record in records.iterator(chunk_size=500):
            retention = piece.retention_of(record) if piece.retention_of else piece.retention
            if piece.number is not None:
                number = piece.number(record)
            else:
                number = counted[(retention, piece.series)] = counted.get((retention, piece.series), 0) + 1
            code = archival_code(place, year, retention, piece.series, number)
            owner = registry.follow(record, piece.place_lookup)
            line = Line(code=code, category=piece.category, title=str(piece.title(record) if piece.title else record),
                        responsible=str(piece.responsible(record) if piece.responsible else owner.name),
                        dated=piece.date_of(record), retention=retention, record=record, piece=piece)
            if piece.document is not None:
                line.document_name = f"{folder}/{code}.pdf"
            for i, attachment in enumerate(files.get(record.pk, ()), start=1):
                ext = "." + attachment.file.name.rsplit(".", 1)[-1].lower() if "." in attachment.file.name else ""
                line.files.append(StoredFile(f"{folder}/{code}-{i:02d}{ext}", attachment.file, attachment.kind))
            yield line
