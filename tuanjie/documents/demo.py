"""The documents part of the demo county: the county office's template wording, two key results, and two drafts
already written (the progress report to date and last month's report form), so the 文稿生成 page has something to
download."""
from datetime import date
from decimal import Decimal

from tuanjie.documents.models import DocumentKind, DocumentTemplate, GeneratedDocument
from tuanjie.documents.services import document_request, document_run, result_create


def build(world) -> None:
    county = world.county
    office = world.people.get("xianban")
    DocumentTemplate.objects.create(
        place=county, kind=DocumentKind.PROGRESS, issuer="中共团结县委统战部",
        opening="创建全省民族团结进步示范县工作开展以来，县委统战部高度重视、精心组织、扎实推进，取得了明显的工作成效。"
                "现将{period}工作进展情况汇报如下：")
    if office is None:
        return
    today = date.today()
    # Two results the county office recorded this year (they head section 一 of its reports).
    for name, value, unit, month, note in (("贫困村出列", "7", "个", 3, "经省级验收"),
                                           ("命名县级民族团结进步示范村", "12", "个", 5, "")):
        achieved = date(today.year, min(month, today.month), 15 if month < today.month else 1)
        result_create(by=office, place=county, name=name, value=Decimal(value), unit=unit,
                      achieved_on=min(achieved, today), note=note)
    last_month = (today.replace(day=1).toordinal() - 1)
    previous = date.fromordinal(last_month)
    requests = [dict(kind=DocumentKind.PROGRESS, year=today.year, month=today.month)]
    if previous.year == today.year:
        requests.append(dict(kind=DocumentKind.MONTHLY, year=previous.year, month=previous.month))
    for fields in requests:
        document = document_request(by=office, place=county, **fields)
        if document.status == GeneratedDocument.Status.QUEUED:   # the demo runs it now, whatever the backend
            document_run(document_id=document.pk)
