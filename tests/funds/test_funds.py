from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories_attachments import PNG_1PX
from tuanjie.attachments.models import Attachment
from tuanjie.core.context import acting_as
from tuanjie.funds import selectors
from tuanjie.funds.models import Allocation, Expenditure
from tuanjie.funds.services import (
    allocation_create,
    allocation_delete,
    allocation_update,
    expenditure_create,
    need_create,
)

Y = 2026


def money(n) -> Decimal:
    return Decimal(n).quantize(Decimal("0.01"))


@pytest.fixture
def ledger(tree):
    """County: 40万 provincial + 5万 city to two sites (U1, U2), a county grant, U1a self-funds, needs, spending."""
    with acting_as(None, source="test"):
        allocation_create(by=None, place=tree.u1, year=Y, source="provincial", amount=money(300000), for_site=True)
        allocation_create(by=None, place=tree.u2, year=Y, source="provincial", amount=money(100000), for_site=True)
        allocation_create(by=None, place=tree.u2, year=Y, source="city", amount=money(50000), for_site=True)
        allocation_create(by=None, place=tree.county, year=Y, source="county", amount=money(80000))
        allocation_create(by=None, place=tree.u1a, year=Y, source="self", amount=money(6000))
        allocation_create(by=None, place=tree.u1, year=Y - 1, source="provincial", amount=money(99999))
        need_create(by=None, place=tree.county, year=Y, amount=money(600000), purpose="示范县创建")
        need_create(by=None, place=tree.t2, year=Y, amount=money(100000), purpose="阵地建设")
        expenditure_create(by=None, place=tree.u1, spent_on=date(Y, 5, 1), amount=money(120000), purpose="展陈")
        expenditure_create(by=None, place=tree.county, spent_on=date(Y, 6, 1), amount=money(30000), purpose="培训")


def test_the_county_summary_adds_up_by_source_with_balance_and_gap(tree, ledger):
    f = selectors.fund_summary(tree.county, Y)
    assert f.by_source["provincial"] == money(400000) and f.by_source["city"] == money(50000)
    assert f.public == money(530000) and f.self_funded == money(6000) and f.allocated == money(536000)
    assert f.spent == money(150000) and f.balance == money(386000)
    assert f.need == money(700000) and f.gap == money(164000)
    assert f.units_self_funding == 1 and f.sites_funded == 2
    assert selectors.wan(f.by_source["provincial"] + f.by_source["city"]) == Decimal("45")


def test_the_rollup_gives_the_countys_own_row_then_each_township(tree, ledger):
    rows = selectors.fund_rollup(tree.county, Y)
    assert [(p.name if p else "本级") for p, _f in rows] == ["本级", "城关镇", "石榴镇"]
    own, chengguan, shiliu = (f for _p, f in rows)
    assert own.allocated == money(80000) and own.spent == money(30000) and own.need == money(600000)
    assert chengguan.allocated == money(456000) and chengguan.sites_funded == 2 and chengguan.units_self_funding == 1
    assert shiliu.allocated == 0 and shiliu.gap == money(100000)


def test_an_office_allocates_public_money_but_a_unit_records_only_self_funding(tree, county_office, unit_staff):
    allocation_create(by=county_office, place=tree.u1, year=Y, source="provincial", amount=money(1000))
    allocation_create(by=unit_staff, place=tree.u1, year=Y, source="self", amount=money(500))
    with pytest.raises(PermissionDenied, match="单位只能登记单位自筹"):
        allocation_create(by=unit_staff, place=tree.u1, year=Y, source="city", amount=money(500))


def test_a_unit_cannot_turn_or_delete_public_money(tree, county_office, unit_staff):
    public = allocation_create(by=county_office, place=tree.u1, year=Y, source="provincial", amount=money(1000))
    own = allocation_create(by=unit_staff, place=tree.u1, year=Y, source="self", amount=money(500))
    with pytest.raises(PermissionDenied):
        allocation_update(by=unit_staff, allocation=public, amount=money(9999))
    with pytest.raises(PermissionDenied):
        allocation_update(by=unit_staff, allocation=own, source="provincial")
    with pytest.raises(PermissionDenied):
        allocation_delete(by=unit_staff, allocation=public)
    allocation_delete(by=unit_staff, allocation=own)
    assert list(Allocation.objects.all()) == [public]


def test_nobody_records_money_outside_their_reach(tree, neighbour_office, unit_staff):
    with pytest.raises(PermissionDenied):
        allocation_create(by=neighbour_office, place=tree.u1, year=Y, source="provincial", amount=money(1))
    with pytest.raises(PermissionDenied):
        need_create(by=unit_staff, place=tree.u2, year=Y, amount=money(1), purpose="越权")
    with pytest.raises(PermissionDenied):
        expenditure_create(by=unit_staff, place=tree.u2, spent_on=date(Y, 5, 1), amount=money(1), purpose="越权")


def test_bad_amounts_and_dates_are_refused_in_chinese(tree, county_office, unit_staff):
    with pytest.raises(ValidationError, match="金额须大于0"):
        allocation_create(by=county_office, place=tree.u1, year=Y, source="provincial", amount=money(0))
    with pytest.raises(ValidationError, match="来源不能是"):
        allocation_create(by=county_office, place=tree.u1, year=Y, source="self", amount=money(1), for_site=True)
    with pytest.raises(ValidationError, match="应在2026年内"):
        allocation_create(by=county_office, place=tree.u1, year=Y, source="city", amount=money(1),
                          allocated_on=date(Y - 1, 12, 1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        expenditure_create(by=unit_staff, place=tree.u1, spent_on=timezone.localdate() + timedelta(days=1),
                           amount=money(1), purpose="预支")


def test_spending_carries_its_receipts_and_may_name_only_its_own_activity(tree, unit_staff):
    from tuanjie.activities.services import activity_create

    receipt = SimpleUploadedFile("发票.png", PNG_1PX)
    spent = expenditure_create(by=unit_staff, place=tree.u1, spent_on=date(Y, 5, 2), amount=money(800),
                               purpose="印制宣传手册500册", files=[receipt])
    assert Attachment.objects.for_object(spent).count() == 1
    other = activity_create(by=None, place=tree.u2, start_date=date(Y, 5, 1), title="别家的活动", kind="lecture")
    with pytest.raises(ValidationError, match="不是本单位"):
        expenditure_create(by=unit_staff, place=tree.u1, spent_on=date(Y, 5, 2), amount=money(1), purpose="x",
                           activity=other)


def test_the_summary_page_shows_the_focused_places_figures(tree, county_office, client_for, ledger):
    response = client_for(county_office).get(reverse("funds:summary"), {"year": Y})
    assert response.status_code == 200
    page = response.content.decode()
    assert "经费缺口" in page and "城关镇" in page and "省级少数民族发展资金" in page
    assert response.context["figures"].gap == money(164000)


def test_a_units_allocation_form_offers_only_self_funding(tree, unit_staff, county_office, client_for):
    form = client_for(unit_staff).get(reverse("funds:allocation_add")).context["form"]
    assert [c for c, _l in form.fields["source"].choices] == ["self"]
    response = client_for(unit_staff).post(reverse("funds:allocation_add"), {
        "place": tree.u1.pk, "year": Y, "source": "provincial", "amount": "1000"})
    assert response.status_code == 200 and response.context["form"].errors["source"]
    office_form = client_for(county_office).get(reverse("funds:allocation_add")).context["form"]
    assert {c for c, _l in office_form.fields["source"].choices} >= {"provincial", "city", "county", "self", "other"}


def test_a_unit_logs_spending_with_a_receipt_from_the_page(tree, unit_staff, client_for):
    response = client_for(unit_staff).post(reverse("funds:expenditure_add"), {
        "place": tree.u1.pk, "spent_on": "2026-05-03", "amount": "1234.50", "source": "self", "purpose": "制作展板",
        "files": [SimpleUploadedFile("票据.png", PNG_1PX)]})
    spent = Expenditure.objects.get()
    assert response.status_code == 302 and spent.amount == Decimal("1234.50")
    assert Attachment.objects.for_object(spent).count() == 1


def test_the_lists_show_only_what_is_in_reach(tree, unit_staff, neighbour_office, client_for, ledger):
    url = reverse("funds:allocation_list")
    mine = client_for(unit_staff).get(url).context["object_list"]
    assert {a.place for a in mine} == {tree.u1, tree.u1a}
    assert list(client_for(neighbour_office).get(url).context["object_list"]) == []


def test_the_api_summary_and_the_units_limits(tree, unit_staff, county_office, client_for, ledger):
    body = client_for(county_office).get("/api/fund-summary/", {"place": tree.county.pk, "year": Y}).json()
    assert body["total"]["gap"] == "164000.00" and body["total"]["sites_funded"] == 2
    assert [c["place_name"] for c in body["children"]] == ["团结县（本级）", "城关镇", "石榴镇"]
    client = client_for(unit_staff)
    assert client.get("/api/fund-summary/", {"place": tree.county.pk}).status_code == 404
    created = client.post("/api/fund-allocations/", {"place": tree.u1.pk, "year": Y, "source": "self",
                                                     "amount": "300.00"}, content_type="application/json")
    assert created.status_code == 201, created.content
    refused = client.post("/api/fund-allocations/", {"place": tree.u1.pk, "year": Y, "source": "provincial",
                                                     "amount": "300.00"}, content_type="application/json")
    assert refused.status_code == 403


def test_a_unit_cannot_turn_public_money_into_self_funding_through_the_edit_page(tree, county_office, unit_staff,
                                                                                client_for):
    public = allocation_create(by=county_office, place=tree.u1, year=Y, source="provincial", amount=money(1000))
    response = client_for(unit_staff).post(reverse("funds:allocation_edit", args=[public.pk]), {
        "place": tree.u1.pk, "year": Y, "source": "self", "amount": "1"})
    assert response.status_code == 403
    public.refresh_from_db()
    assert public.source == "provincial" and public.amount == money(1000)
