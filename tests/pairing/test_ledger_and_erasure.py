"""The monthly ledger, the quarterly review, the one-person-one-file, countables, reminders, and erasure of a
household that withdraws (its counts stay)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tuanjie.core import countables
from tuanjie.notifications.models import Notification
from tuanjie.pairing import reminders, selectors, services
from tuanjie.pairing.models import ERASED_TEXT, Contact, Festival, Household, Need, NeedStep, Pair


@pytest.fixture
def year_of_work(scene):
    for month in (1, 2, 3):
        services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, month, 10), form="visit",
                                topic="拉家常", deeds="送去米面油" if month == 1 else "", cost=100)
    services.contact_record(by=scene.other_cadre, pair=scene.other_pair, date=date(2026, 2, 12), form="phone",
                            topic="电话问候")
    need = services.need_raise(by=scene.cadre, pair=scene.pair, category="medical", description="老人看病难",
                               raised_on=date(2026, 2, 1))
    services.need_transition(by=scene.cadre, need=need, action="solve_by_cadre", note="联系了乡卫生院",
                             on=date(2026, 2, 20))
    services.need_raise(by=scene.other_cadre, pair=scene.other_pair, category="legal", description="土地纠纷",
                        raised_on=date(2026, 3, 2))
    return scene


def row_for(scene, month):
    return next(r for r in selectors.ledger(scene.programme.groups.all(), month) if r.group == scene.group)


def test_the_ledger_counts_contacts_against_the_monthly_quota(year_of_work):
    jan, feb = row_for(year_of_work, date(2026, 1, 1)), row_for(year_of_work, date(2026, 2, 1))
    assert (jan.pairs, jan.due, jan.contacts, jan.pairs_met, jan.rate, jan.missing) == (2, 2, 1, 1, 50.0, 1)
    assert (feb.contacts, feb.pairs_met, feb.rate, feb.needs_raised, feb.needs_solved, feb.cost) == (
        2, 2, 100.0, 1, 1, 100)
    mar = row_for(year_of_work, date(2026, 3, 1))
    assert (mar.needs_raised, mar.needs_open) == (1, 1)


def test_the_ledger_exports_to_excel(year_of_work, client_for):
    import io

    from openpyxl import load_workbook

    response = client_for(year_of_work.leader).get(reverse("pairing:ledger") + "?month=2026-02&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "分组", "分组负责人", "结对户数")
    assert rows[1][1] == "幸福村分组" and rows[1][3] == 2 and rows[1][5] == 2


def test_the_quarterly_review_sums_the_quarter(year_of_work, client_for):
    review = selectors.quarterly_review(year_of_work.programme, 2026, 1)
    group = review["groups"][0]
    assert (group["due"], group["contacts"], group["met"], group["raised"], group["solved"]) == (6, 4, 4, 2, 1)
    assert dict(review["categories"]) == {"就医": 1, "法律": 1}
    page = client_for(year_of_work.leader).get(reverse("pairing:review", args=[year_of_work.programme.pk])
                                               + "?year=2026&quarter=1")
    assert page.status_code == 200 and "第1季度" in page.content.decode()


def test_the_one_person_one_file_lists_pairs_contacts_deeds_and_costs(year_of_work, client_for):
    data = selectors.cadre_file(year_of_work.cadre, 2026)
    assert (data.contacts, data.visits, data.deeds, data.cost, data.needs_raised, data.needs_solved) == (
        3, 3, 1, 300, 1, 1)
    assert data.pairs[0]["household_name"] == "王秀英" and len(data.pairs[0]["contacts"]) == 3
    page = client_for(year_of_work.leader).get(reverse("pairing:cadre_file", args=[year_of_work.cadre.pk]))
    assert "王秀英" in page.content.decode() and "送去米面油" in page.content.decode()


def test_a_county_office_cannot_open_a_cadres_file(year_of_work, county_office, client_for):
    assert client_for(county_office).get(
        reverse("pairing:cadre_file", args=[year_of_work.cadre.pk])).status_code == 404
    assert selectors.cadre_file(year_of_work.cadre, 2026, viewer=county_office).pairs[0]["household_name"] == "（无权查看）"


def test_the_countables_count_contacts_visits_and_needs_per_unit(year_of_work, tree):
    jan_mar = (date(2026, 1, 1), date(2026, 3, 31))
    assert countables.get("pairing.contact").count_by_place(*jan_mar)[tree.u1.pk] == 4
    assert countables.get("pairing.visit").count_by_place(*jan_mar)[tree.u1.pk] == 3
    assert countables.get("pairing.need_raised").count_in_subtree(tree.county.path, *jan_mar) == 2
    assert countables.get("pairing.need_solved").count_in_subtree(tree.county.path, *jan_mar) == 1
    services.group_summary_submit(by=year_of_work.leader, group=year_of_work.group, month=date(2026, 3, 1), text="好")
    today = date.today()
    assert countables.get("pairing.group_summary").count_by_place(today, today)[tree.u1.pk] == 1


def test_erasing_a_household_removes_its_data_and_keeps_the_counts(year_of_work, client_for):
    scene = year_of_work
    before = [row_for(scene, date(2026, m, 1)) for m in (1, 2, 3)]
    before_counts = countables.get("pairing.contact").count_by_place(date(2026, 1, 1), date(2026, 12, 31))
    review_before = selectors.quarterly_review(scene.programme, 2026, 1)["groups"]
    services.household_erase(by=scene.leader, household=scene.household)
    assert not Household.objects.filter(name="王秀英").exists()
    pair = Pair.objects.get(pk=scene.pair.pk)
    assert pair.household is None and pair.household_erased and pair.ended_on == date.today()
    assert set(Contact.objects.filter(pair=pair).values_list("topic", flat=True)) == {ERASED_TEXT}
    assert set(Need.objects.filter(pair=pair).values_list("description", flat=True)) == {ERASED_TEXT}
    assert not NeedStep.objects.filter(need__pair=pair, note="联系了乡卫生院").exists()
    after = [row_for(scene, date(2026, m, 1)) for m in (1, 2, 3)]
    fields = ("pairs", "due", "contacts", "visits", "pairs_met", "needs_raised", "needs_solved", "cost")
    assert [[getattr(r, f) for f in fields] for r in after] == [[getattr(r, f) for f in fields] for r in before]
    assert countables.get("pairing.contact").count_by_place(date(2026, 1, 1), date(2026, 12, 31)) == before_counts
    assert selectors.quarterly_review(scene.programme, 2026, 1)["groups"][0]["contacts"] == \
        review_before[0]["contacts"]
    assert selectors.cadre_file(scene.cadre, 2026).contacts == 3
    page = client_for(scene.cadre).get(reverse("pairing:my_file")).content.decode()
    assert "王秀英" not in page and "（已退出）" in page


def test_erasing_leaves_no_name_in_the_change_log(year_of_work):
    from tuanjie.core.models import ChangeLogEntry

    services.household_erase(by=year_of_work.leader, household=year_of_work.household)
    for entry in ChangeLogEntry.objects.all():
        assert "王秀英" not in f"{entry.object_repr} {entry.before} {entry.after}"


def test_a_cadre_may_not_erase_a_household(year_of_work):
    with pytest.raises(PermissionDenied):
        services.household_erase(by=year_of_work.cadre, household=year_of_work.household)


def test_erasing_through_the_page(year_of_work, unit_staff, client_for):
    client = client_for(unit_staff)
    assert client.post(reverse("pairing:household_erase", args=[year_of_work.household.pk])).status_code == 302
    assert not Household.objects.filter(pk=year_of_work.household.pk).exists()


def test_the_monthly_reminder_goes_to_cadres_who_have_not_made_contact(scene):
    today = date.today().replace(day=scene.programme.reminder_day)
    services.contact_record(by=scene.cadre, pair=scene.pair, date=today.replace(day=1), form="visit", topic="x")
    assert reminders.monthly_contact_due(today) == 1
    assert Notification.objects.get().recipient == scene.other_cadre
    assert reminders.monthly_contact_due(today) == 0                # once a month
    assert reminders.monthly_contact_due(today + timedelta(days=1)) == 0   # only on the reminder day


def test_overdue_needs_are_flagged_to_whoever_holds_them(scene):
    need = services.need_raise(by=scene.cadre, pair=scene.pair, category="housing", description="x",
                               raised_on=date.today() - timedelta(days=45))
    fresh = services.need_raise(by=scene.cadre, pair=scene.pair, category="housing", description="y")
    assert list(selectors.overdue_needs(date.today())) == [need] and fresh.pk != need.pk
    assert reminders.overdue_needs_flagged(date.today()) == 1
    assert Notification.objects.get().recipient == scene.cadre
    services.need_transition(by=scene.cadre, need=need, action="escalate_to_group")
    assert reminders.overdue_needs_flagged(date.today()) == 1
    assert Notification.objects.latest("id").recipient == scene.leader


def test_festival_reminders_go_to_cadres_under_the_place_that_set_them(scene, tree):
    festival = Festival.objects.create(place=tree.county, name="古尔邦节", date=date.today() + timedelta(days=7))
    assert reminders.festival_visits(date.today()) == 2
    assert reminders.festival_visits(date.today()) == 0
    Festival.objects.create(place=tree.neighbour, name="春节", date=festival.date)
    assert reminders.festival_visits(date.today()) == 0
