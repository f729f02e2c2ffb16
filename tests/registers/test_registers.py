"""Registers: education bases and the study visits linked to them, the cultivation list's figures from the funds
and activity ledgers, the liaison roster (staff only), numbered briefings and their document, and files on
leading-group decisions and nominations (through the same upload checks as every attachment)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from tests.factories_attachments import PNG_1PX
from tests.factories_registers import accepted_item
from tuanjie.activities.services import activity_create
from tuanjie.attachments.models import Attachment
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role
from tuanjie.registers import services


def png(name="scan.png"):
    return SimpleUploadedFile(name, PNG_1PX, "image/png")


@pytest.fixture
def base(tree, county_office):
    return services.base_create(by=county_office, place=tree.t1, name="石榴籽民族团结教育基地", level="province",
                                named_by="同心省民族宗教委", named_year=2023)


def test_a_study_visit_links_to_its_base_and_the_base_lists_it(tree, base, unit_staff, client_for):
    visit = activity_create(by=unit_staff, place=tree.u1, start_date=date(2026, 5, 4), title="组织师生参观教育基地",
                            kind="study_visit", education_base=base)
    activity_create(by=unit_staff, place=tree.u1, start_date=date(2026, 5, 5), title="主题宣讲", kind="lecture")
    page = client_for(unit_staff).get(f"/registers/bases/{base.pk}/").content.decode()
    assert "组织师生参观教育基地" in page and "主题宣讲" not in page and "参观学习活动（1次）" in page
    assert visit.education_base == base


def test_only_a_study_visit_names_a_base(tree, base, unit_staff):
    with pytest.raises(ValidationError, match="参观学习"):
        activity_create(by=unit_staff, place=tree.u1, start_date=date(2026, 5, 4), title="宣讲", kind="lecture",
                        education_base=base)


def test_a_base_named_in_a_future_year_is_refused(tree, county_office):
    with pytest.raises(ValidationError, match="命名年度"):
        services.base_create(by=county_office, place=tree.t1, name="新基地", level="county", named_by="县委",
                             named_year=2100)


def test_the_cultivation_list_reads_funds_and_activities_from_their_ledgers(tree, county_office, client_for):
    from tuanjie.funds.services import allocation_create

    entry = services.cultivation_create(by=county_office, place=tree.u1, year=2026, target="达到县级示范单位标准",
                                        planned_funds=Decimal("80000"))
    allocation_create(by=county_office, place=tree.u1, year=2026, source="county", amount=Decimal("50000"),
                      for_site=True)
    allocation_create(by=county_office, place=tree.u1a, year=2026, source="county", amount=Decimal("20000"))
    allocation_create(by=county_office, place=tree.u1, year=2025, source="county", amount=Decimal("9000"))
    with acting_as(None, source="test"):
        for day in (date(2026, 3, 1), date(2026, 4, 1)):
            activity_create(by=None, place=tree.u1, start_date=day, title=f"活动{day}", kind="lecture")
    from tuanjie.registers.selectors import site_figures

    figures = site_figures(entry)
    assert (figures.allocated, figures.activities) == (Decimal("70000"), 2)
    page = client_for(county_office).get(f"/registers/cultivation/{entry.pk}/").content.decode()
    assert "70000" in page
    with pytest.raises(ValidationError, match="已在2026年培育名单"):
        services.cultivation_create(by=county_office, place=tree.u1, year=2026, target="再列一次")


def test_a_liaison_is_one_of_the_unit_staff_and_one_per_unit(tree, unit_staff, county_office):
    outsider = tree.person(Role.UNIT, tree.u2, "u2_staff")
    with pytest.raises(ValidationError, match="工作人员"):
        services.liaison_create(by=unit_staff, place=tree.u1, person=outsider, post="干事", mobile="13900000000")
    with pytest.raises(ValidationError, match="办公电话或手机"):
        services.liaison_create(by=unit_staff, place=tree.u1, person=unit_staff, post="干事")
    services.liaison_create(by=unit_staff, place=tree.u1, person=unit_staff, post="干事", mobile="13900000000")
    with pytest.raises(ValidationError, match="已登记联络员"):
        services.liaison_create(by=county_office, place=tree.u1, person=unit_staff, post="主任", mobile="1")


def test_the_liaison_roster_has_no_field_for_a_household():
    from tuanjie.registers.models import Liaison

    targets = {f.related_model._meta.label for f in Liaison._meta.fields if f.is_relation}
    assert targets == {"places.Place", "people.User"}


def test_briefings_are_numbered_in_turn_per_area_and_year(tree, township_office):
    first = services.briefing_create(by=township_office, place=tree.t1, items=[accepted_item(tree.u1)],
                                     issued_on=date(2026, 3, 1))
    second = services.briefing_create(by=township_office, place=tree.t1, items=[accepted_item(tree.v1)],
                                      issued_on=date(2026, 4, 1))
    earlier_year = services.briefing_create(by=None, place=tree.t1, items=[accepted_item(tree.u2)],
                                            issued_on=date(2025, 12, 1))
    assert (first.number, second.number, earlier_year.number) == (1, 2, 1)
    assert str(second) == "民族团结进步创建工作简报 2026年第2期"


def test_a_briefing_prints_only_accepted_items_of_its_area(tree, township_office):
    from tuanjie.information.models import InformationItem

    draft = InformationItem.objects.create(place=tree.u1, title="未审核的稿件", body="<p>正文</p>")
    with pytest.raises(ValidationError, match="已采用"):
        services.briefing_create(by=township_office, place=tree.t1, items=[draft])
    with pytest.raises(ValidationError, match="已采用"):
        services.briefing_create(by=None, place=tree.t1, items=[accepted_item(tree.t2)])
    with pytest.raises(ValidationError, match="至少选择一条"):
        services.briefing_create(by=township_office, place=tree.t1, items=[])


def test_the_briefing_document_carries_its_number_and_items(tree, township_office, client_for):
    from tuanjie.registers.documents import briefing_document

    item = accepted_item(tree.u1)
    briefing = services.briefing_create(by=township_office, place=tree.t1, items=[item], issued_on=date(2026, 3, 1))
    doc = Document(io.BytesIO(briefing_document(briefing).to_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2026年第1期" in text and item.title in text and "（城关镇中心学校）" in text and "正文" in text
    response = client_for(township_office).get(f"/registers/briefings/{briefing.pk}/document/")
    assert response.status_code == 200 and "%E7%AC%AC1%E6%9C%9F" in response["Content-Disposition"]


def test_a_briefing_keeps_its_number_when_edited(tree, township_office):
    briefing = services.briefing_create(by=township_office, place=tree.t1, items=[accepted_item(tree.u1)])
    with pytest.raises(ValidationError, match="期数"):
        services.briefing_update(by=township_office, instance=briefing, number=5)


def test_a_leading_group_decision_takes_its_documents_with_the_usual_checks(tree, county_office):
    from tests.factories import make_group

    group = make_group(tree.county, tree)
    decision = services.decision_create(by=county_office, group=group, decided_on=date(2026, 3, 1),
                                        title="2026年第一次全体会议纪要", files=[png()])
    stored = Attachment.objects.for_object(decision).get()
    assert stored.kind == "image" and stored.place_id == tree.county.pk
    with pytest.raises(ValidationError, match="不是支持的文件类型"):
        services.decision_create(by=county_office, group=group, decided_on=date(2026, 3, 2), title="第二次会议",
                                 files=[SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", "application/pdf")])
    assert group.decisions.count() == 1    # the refused upload left no decision behind


def test_a_nomination_takes_its_deeds_files(tree, township_office, unit_staff):
    from tuanjie.commendations.models import Campaign
    from tuanjie.commendations.services import nomination_create

    campaign = Campaign.objects.create(place=tree.t1, name="评选", year=2026, quota_individual=3)
    nomination = nomination_create(by=unit_staff, campaign=campaign, unit=tree.u1, category="individual",
                                   nominee_name="王芳", summary="热心邻里互助", deeds="<p>事迹</p>",
                                   files=[png("deeds.png")])
    assert Attachment.objects.for_object(nomination).get().caption == "事迹材料"
