from datetime import date

from django.urls import reverse

from tests.workbooks import as_upload, downloaded, imported_through_page, xlsx
from tuanjie.core.models import ChangeLogEntry
from tuanjie.plans.importers import HEADERS, PlanTaskImporter
from tuanjie.plans.models import PlanTask

H = list(HEADERS)

SHEET = [
    {"序号": 1, "任务": "开展民族团结宣讲", "工作要求": "进校园、进机关", "所属阶段": "组织实施", "牵头单位": "U1",
     "配合单位": "城关镇人民政府、城关镇中心学校/中心学校附属幼儿园", "完成时限": "2026-06-30", "量化目标": 10,
     "目标单位": "场"},
    {"序号": 2, "任务": "创建示范单位", "牵头单位": "城关镇", "完成时限": date(2026, 11, 30)},
    {"任务": "建立工作台账", "牵头单位": "910102002000", "配合单位": "U2"},
]
# (number, title, phase, lead, partners, deadline, target) for each row, written out by hand.
EXPECTED = {
    (1, "开展民族团结宣讲", "组织实施", "城关镇中心学校", frozenset({"城关镇人民政府", "中心学校附属幼儿园"}),
     date(2026, 6, 30), 10, "场"),
    (2, "创建示范单位", None, "城关镇", frozenset(), date(2026, 11, 30), None, ""),
    (3, "建立工作台账", None, "石榴镇", frozenset({"城关镇人民政府"}), None, None, ""),
}


def tasks(plan):
    return {(t.number, t.title, t.phase.name if t.phase else None, t.lead_unit.name,
             frozenset(p.name for p in t.partner_units.all()), t.deadline, t.target_quantity, t.target_unit)
            for t in plan.tasks.select_related("phase", "lead_unit").prefetch_related("partner_units")}


def test_a_task_sheet_creates_exactly_its_tasks_with_lead_and_partner_units(plan, county_office, client_for):
    response = imported_through_page(client_for(county_office), reverse("plans:task_import"),
                                     {"plan": plan.pk, "file": xlsx(H, SHEET)})
    assert response.status_code == 302
    assert tasks(plan) == EXPECTED
    logged = ChangeLogEntry.objects.filter(content_type__model="plantask", action="create")
    assert list(logged.values_list("source", flat=True)) == ["import"] * 3


def test_one_bad_row_writes_nothing_and_names_the_row_and_the_fix(plan, county_office):
    rows = [*SHEET,
            {"任务": "超出范围", "牵头单位": "友谊县"},
            {"任务": "目标无单位", "牵头单位": "U1", "量化目标": 5, "所属阶段": "总结"},
            {"任务": "外县单位", "牵头单位": "910103001000"},
            {"任务": "", "牵头单位": "U1", "完成时限": "下月底"}]
    result = PlanTaskImporter(county_office, plan=plan).run(xlsx(H, rows))
    assert PlanTask.objects.count() == 0
    assert result.errors == [
        "第5行“牵头单位”：找不到“友谊县”，或它不在您的管辖范围内；请填写代码或完整名称（如：团结县/城关镇）",
        "第6行“所属阶段”：本方案没有名为“总结”的工作步骤，可填：宣传动员、组织实施",
        "第7行“牵头单位”：找不到“910103001000”，或它不在您的管辖范围内；请填写代码或完整名称（如：团结县/城关镇）",
        "第8行“任务”：该字段是必填项。",
        "第8行“完成时限”：输入一个有效的日期。",
    ]


def test_a_service_rule_is_named_with_its_row(plan, county_office):
    result = PlanTaskImporter(county_office, plan=plan).run(xlsx(H, [
        SHEET[0], {"任务": "目标无单位", "牵头单位": "U1", "量化目标": 5}]))
    assert result.errors == ["第3行：填写了量化目标，请同时填写单位（如：场、次、人次）"]
    assert PlanTask.objects.count() == 0


def test_a_township_office_cannot_import_into_the_county_plan(plan, township_office, client_for):
    response = client_for(township_office).post(reverse("plans:task_import"), {"plan": plan.pk,
                                                                               "file": xlsx(H, SHEET)})
    assert response.status_code == 422
    assert "选择一个有效的选项" in response.content.decode()
    assert PlanTask.objects.count() == 0


def test_importing_the_sheet_again_duplicates_nothing_and_a_changed_row_updates_its_task(plan, county_office):
    assert PlanTaskImporter(county_office, plan=plan).run(xlsx(H, SHEET)).created == 3
    again = PlanTaskImporter(county_office, plan=plan).run(xlsx(H, SHEET))
    assert (again.errors, again.created, again.updated) == ([], 0, 0)
    assert tasks(plan) == EXPECTED
    changed = [{**SHEET[1], "完成时限": "2026-12-15", "配合单位": "U2"}]
    result = PlanTaskImporter(county_office, plan=plan).run(xlsx(H, changed))
    assert (result.created, result.updated) == (0, 1)
    assert tasks(plan) == (EXPECTED - {next(t for t in EXPECTED if t[0] == 2)}) | {
        (2, "创建示范单位", None, "城关镇", frozenset({"城关镇人民政府"}), date(2026, 12, 15), None, "")}


def test_the_template_imports_back_and_the_plan_and_task_list_link_to_the_import(plan, county_office, client_for):
    client = client_for(county_office)
    assert reverse("plans:task_import") in client.get(reverse("plans:task_list")).content.decode()
    assert f"{reverse('plans:task_import')}?plan={plan.pk}" in client.get(plan.get_absolute_url()).content.decode()
    book = downloaded(client.get(reverse("plans:task_import_template")))
    assert [c.value for c in book.worksheets[0][1]] == H
    assert "填写说明" in book.sheetnames
    response = imported_through_page(client, reverse("plans:task_import"), {
        "plan": plan.pk, "file": as_upload(client.get(reverse("plans:task_import_template")))})
    assert response.status_code == 302
    assert {(t[1], t[3], t[4]) for t in tasks(plan)} == {
        ("开展民族团结进步宣传月活动", "城关镇", frozenset({"城关镇中心学校", "城关镇人民政府"}))}
