"""A county's 2026 made through the product's services, with the figures every archive test counts against."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tuanjie.activities.services import activity_create
from tuanjie.archives import services
from tuanjie.attachments.services import attach_files
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role


def jpeg(name="photo.jpg", colour=(200, 30, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), "image/jpeg")


@pytest.fixture
def city_office(tree):
    return tree.person(Role.OFFICE, tree.city, "city_office")


@pytest.fixture
def county_year(tree, county_office, township_office, unit_staff):
    """团结县 2026: two activities (2 photos + 1 photo), a plan, an agreement to 城关镇, a scanned paper document.
    Around it, what the archive must leave out: a 2025 activity, a neighbour's 2026 activity, a draft item."""
    from tuanjie.agreements.services import agreement_create, target_create
    from tuanjie.information.services import item_create
    from tuanjie.plans.services import plan_create

    with acting_as(county_office, source="test"):
        visit = activity_create(by=township_office, place=tree.t1, start_date=date(2026, 5, 12), kind="lecture",
                                title="石榴籽宣讲进村寨", participants=80)
        attach_files(owner=visit, files=[jpeg("a.jpg"), jpeg("b.jpg", (20, 90, 200))], by=township_office)
        school = activity_create(by=unit_staff, place=tree.u1, start_date=date(2026, 9, 1), kind="lecture",
                                 title="民族团结进步开学第一课", participants=300)
        attach_files(owner=school, files=[jpeg("c.jpg")], by=unit_staff)
        activity_create(by=unit_staff, place=tree.u1, start_date=date(2025, 11, 3), kind="lecture",
                        title="去年的宣讲", participants=40)
        neighbour = tree.person(Role.OFFICE, tree.neighbour, "neighbour_office")
        activity_create(by=neighbour, place=tree.b1, start_date=date(2026, 5, 1), kind="lecture",
                        title="友谊县的宣讲", participants=20)
        item_create(by=unit_staff, place=tree.u1, title="未报送的信息草稿", body="<p>草稿</p>")
        plan = plan_create(by=county_office, place=tree.county, year=2026, title="团结县2026年创建工作实施方案")
        agreement = agreement_create(by=county_office, place=tree.t1, issuer=tree.county, year=2026,
                                     title="城关镇2026年民族团结进步创建目标责任书", issuer_post="领导小组组长",
                                     party_post="镇党委书记")
        target_create(by=county_office, agreement=agreement, kind="written", text="成立创建工作领导小组")
        paper = services.paper_create(
            by=county_office, place=tree.county, year=2026, title="关于调整创建工作领导小组成员的通知",
            responsible="中共团结县委办公室", dated=date(2026, 3, 2), pages=3, retention="Y",
            files=[SimpleUploadedFile("scan.png", _png(), "image/png")])
    return {"activities": [visit, school], "plan": plan, "agreement": agreement, "paper": paper}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 60), (255, 255, 255)).save(out, format="PNG")
    return out.getvalue()
