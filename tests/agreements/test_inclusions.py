"""The five inclusions (五个纳入): a configurable checklist per place and year, each item included once its evidence
document is recorded with the file, and the count of areas below with every item included."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories_attachments import PNG_1PX
from tuanjie.agreements import services
from tuanjie.agreements.models import DEFAULT_INCLUSIONS
from tuanjie.agreements.selectors import inclusion_summary


def document():
    return SimpleUploadedFile("plan.png", PNG_1PX, "image/png")


def include_all(checklist, by, but=0):
    items = list(checklist.items.order_by("order"))
    for item in items[:len(items) - but]:
        services.item_record(by=by, instance=item, document_title=f"《{item.name}》相关文件", files=[document()])


def test_a_checklist_starts_with_the_five_defaults_or_the_office_own_items(tree, county_office):
    default = services.checklist_create(by=county_office, place=tree.t1, year=2026)
    assert [i.name for i in default.items.order_by("order")] == list(DEFAULT_INCLUSIONS)
    own = services.checklist_create(by=county_office, place=tree.t2, year=2026, names=["纳入年度工作要点", "纳入预算"])
    assert [i.name for i in own.items.order_by("order")] == ["纳入年度工作要点", "纳入预算"]
    with pytest.raises(ValidationError, match="已有2026年"):
        services.checklist_create(by=county_office, place=tree.t1, year=2026)
    with pytest.raises(ValidationError, match="重复"):
        services.checklist_create(by=county_office, place=tree.v1, year=2026, names=["纳入预算", "纳入预算"])


def test_an_item_is_included_only_with_its_document_attached(tree, township_office):
    checklist = services.checklist_create(by=township_office, place=tree.t1, year=2026)
    item = checklist.items.get(order=5)
    item = services.item_record(by=township_office, instance=item, document_title="2026年财政预算",
                                document_date=date(2026, 1, 15))
    assert item.included is False          # a title alone is not evidence
    with pytest.raises(ValidationError, match="文件名称"):
        services.item_record(by=township_office, instance=item, document_title="", files=[document()])
    item = services.item_record(by=township_office, instance=item, document_title="2026年财政预算",
                                document_no="城财〔2026〕1号", files=[document()])
    assert item.included is True


def test_only_offices_in_reach_record_evidence(tree, township_office, neighbour_office, unit_staff):
    checklist = services.checklist_create(by=township_office, place=tree.t1, year=2026)
    for person in (neighbour_office, unit_staff):
        with pytest.raises(PermissionDenied):
            services.item_record(by=person, instance=checklist.items.first(), document_title="x")


def test_the_summary_counts_the_areas_below_with_every_item_included(tree, county_office):
    complete = services.checklist_create(by=county_office, place=tree.t1, year=2026)
    include_all(complete, county_office)
    partial = services.checklist_create(by=county_office, place=tree.t2, year=2026)
    include_all(partial, county_office, but=1)                       # 4 of 5
    services.item_add(by=county_office, checklist=complete, name="纳入乡规民约")   # a sixth item, not yet in
    summary = inclusion_summary(tree.county, 2026)
    assert (summary.areas, summary.with_checklist, summary.complete) == (2, 2, 0)
    services.item_record(by=county_office, instance=complete.items.get(name="纳入乡规民约"),
                         document_title="城关镇村规民约", files=[document()])
    summary = inclusion_summary(tree.county, 2026)
    assert (summary.areas, summary.with_checklist, summary.complete) == (2, 2, 1)
    assert inclusion_summary(tree.county, 2025).complete == 0


def test_checklists_for_the_areas_below_are_made_once(tree, county_office):
    made = services.checklists_for_children(by=county_office, parent=tree.county, year=2026)
    assert sorted(c.place.name for c in made) == ["城关镇", "石榴镇"]
    assert services.checklists_for_children(by=county_office, parent=tree.county, year=2026) == []


def test_the_dashboard_shows_the_areas_with_all_five(tree, county_office, client_for):
    include_all(services.checklist_create(by=county_office, place=tree.t1, year=2026), county_office)
    page = client_for(county_office).get(f"/analytics/?place={tree.county.pk}&period=2026").content.decode()
    assert 'data-testid="inclusions"' in page and "1/2" in page
    summary = client_for(county_office).get("/agreements/inclusions/summary/?year=2026").content.decode()
    assert "五个纳入”全部落实1个" in summary
