"""The demo county's agreements and five inclusions: the county issues its 2026 agreements to the ten townships and
six county units from the template (the county's quota rules that cover each, the plan tasks each leads, two
written targets); most have signed with the scan uploaded and named a responsible person, the first middle school
(the `danwei` login) has yet to sign, so the step is on its to-do. The townships' 2025 agreements are assessed.
Each township and the county keep a 2026 checklist of the five inclusions, most complete."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from tuanjie.agreements import services
from tuanjie.agreements.models import Agreement, AgreementTarget
from tuanjie.core.roles import Role
from tuanjie.core.workflow import quiet
from tuanjie.quotas.models import QuotaRule

YEAR = 2026
UNITS = ["团结县第一中学", "团结县民族中学", "团结县人民医院", "红军会师旧址纪念馆", "石榴籽民族团结教育基地",
         "团结湖生态旅游景区"]
WRITTEN = ["成立创建工作领导小组，明确分管领导和专职联络员", "年内至少召开2次创建工作专题会议，研究解决具体问题",
           "年底前报送年度创建工作总结和佐证材料"]
EVIDENCE = {
    "纳入经济社会发展规划": ("《{p}国民经济和社会发展第十五个五年规划纲要》", "第六章第三节"),
    "纳入党委（党组）重要议事日程": ("{p}党委2026年重要议事日程安排", "全年专题研究2次"),
    "纳入目标管理和绩效考核": ("{p}2026年度目标管理考核办法", "民族团结进步创建占3分"),
    "纳入干部教育培训计划": ("{p}2026年干部教育培训计划", "专题培训班1期"),
    "纳入财政预算": ("{p}2026年财政预算", "安排创建工作经费"),
}


def scan_png(seed: int = 0) -> bytes:
    """A page with a red seal, standing in for the photo of a signed agreement."""
    page = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(page)
    for y in range(120, 700, 34):
        draw.line((70, y, 550 - (seed * 7 + y) % 90, y), fill=(60, 60, 60), width=3)
    draw.ellipse((390, 660, 530, 800), outline=(210, 20, 20), width=7)
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()


def _scan(n: int):
    return SimpleUploadedFile(f"目标责任书签订页{n}.png", scan_png(n), "image/png")


def _staff(world, place):
    from tuanjie.people.selectors import people_with_role

    found = people_with_role(Role.OFFICE if place.is_area else Role.UNIT, place, upward=False)
    return found[0] if found else None


def build(world) -> None:
    units = {u.name: u for u in world.units}
    parties = list(world.townships) + [units[name] for name in UNITS if name in units]
    rules = QuotaRule.objects.filter(place=world.county, year=YEAR, is_active=True)
    created, _skipped = services.agreements_from_template(
        by=None, issuer=world.county, year=YEAR, parties=parties, title="{place}2026年民族团结进步创建工作目标责任书",
        issuer_post="县民族团结进步创建工作领导小组组长", party_post="主要负责人", quota_rules=rules,
        include_tasks=True, written=WRITTEN, issue=True, issued_on=date(YEAR, 3, 10))
    for n, agreement in enumerate(created):
        if agreement.place.name == "团结县第一中学":
            continue                        # left for the `danwei` login to sign
        staff = _staff(world, agreement.place)
        services.agreement_attach_scan(by=None, agreement=agreement, files=[_scan(n)])
        services.agreement_act(by=None, agreement=agreement, action="sign", signed_on=date(YEAR, 3, 20))
        if staff is not None:
            for target in agreement.targets.filter(responsible__isnull=True)[:2]:
                services.target_assign(by=None, target=target, responsible=staff)
    with quiet():   # last year's steps notified nobody then, and tell nobody now
        _last_year(world)
    _inclusions(world)


def _last_year(world) -> None:
    """2025's agreements with the townships, signed and assessed at the year's end: most fulfilled."""
    for n, township in enumerate(world.townships):
        agreement = services.agreement_create(
            by=None, place=township, issuer=world.county, year=YEAR - 1,
            title=f"{township.name}2025年民族团结进步创建工作目标责任书", issuer_post="县民族团结进步创建工作领导小组组长",
            party_post="乡镇党委书记")
        for text in WRITTEN:
            services.target_create(by=None, agreement=agreement, kind=AgreementTarget.Kind.WRITTEN, text=text)
        services.agreement_act(by=None, agreement=agreement, action="issue", issued_on=date(YEAR - 1, 2, 20))
        services.agreement_attach_scan(by=None, agreement=agreement, files=[_scan(100 + n)])
        services.agreement_act(by=None, agreement=agreement, action="sign", signed_on=date(YEAR - 1, 3, 1))
        targets = list(agreement.targets.order_by("number"))
        met = {t.pk: True for t in targets if not (n % 4 == 3 and t.number == 3)}
        services.agreement_act(by=None, agreement=agreement, action="assess", today=date(YEAR - 1, 12, 25), met=met,
                               note="经县创建办核定")
    assert Agreement.objects.filter(year=YEAR - 1, fulfilled=True).exists()


def _inclusions(world) -> None:
    made = [services.checklist_create(by=None, place=world.county, year=YEAR)]
    made += services.checklists_for_children(by=None, parent=world.county, year=YEAR)
    for n, checklist in enumerate(made):
        items = list(checklist.items.order_by("order"))
        keep = len(items) if n % 3 != 2 else len(items) - 1 - n % 2     # every third area still has gaps
        for item in items[:keep]:
            title, note = EVIDENCE.get(item.name, ("{p}相关文件", ""))
            services.item_record(by=None, instance=item, document_title=title.format(p=checklist.place.name),
                                 document_no="", document_date=date(YEAR, 1, 10 + n % 15), note=note,
                                 files=[SimpleUploadedFile(f"{item.name}.png", scan_png(n), "image/png")])
