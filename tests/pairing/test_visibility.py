"""Household details are visible only to the paired cadre, the group leader and the programme's office; upper
levels see counts and rates, never households; every read of a household record is logged."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tuanjie.core.roles import Role
from tuanjie.pairing import services
from tuanjie.pairing.models import Contact, Household, HouseholdReadLog, Need, Pair

NAMES = ("王秀英", "李桂兰", "幸福村3组", "13900001111")


@pytest.fixture
def work(scene):
    services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit",
                            topic="王秀英家拉家常", deeds="帮忙修水管", cost=30)
    services.contact_record(by=scene.other_cadre, pair=scene.other_pair, date=date(2026, 2, 9), form="phone",
                            topic="问候")
    need = services.need_raise(by=scene.cadre, pair=scene.pair, category="housing", description="屋顶漏雨",
                               raised_on=date(2026, 2, 3))
    services.need_transition(by=scene.cadre, need=need, action="escalate_to_group")
    return scene


def body_of(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return "\n".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    return response.content.decode()


def pages(scene):
    return [
        reverse("pairing:programme_list"), reverse("pairing:programme_detail", args=[scene.programme.pk]),
        reverse("pairing:group_detail", args=[scene.group.pk]), reverse("pairing:household_list"),
        reverse("pairing:household_list") + "?export=xlsx", reverse("pairing:pair_list"),
        reverse("pairing:pair_list") + "?export=xlsx", reverse("pairing:contact_list"),
        reverse("pairing:contact_list") + "?export=xlsx", reverse("pairing:need_list"),
        reverse("pairing:need_list") + "?export=xlsx", reverse("pairing:ledger") + "?month=2026-02",
        reverse("pairing:ledger") + "?month=2026-02&export=xlsx", reverse("pairing:overview") + "?year=2026",
        reverse("pairing:overview") + "?year=2026&export=xlsx",
        reverse("pairing:review", args=[scene.programme.pk]) + "?year=2026&quarter=1",
        "/api/pairing-households/", "/api/pairing-pairs/", "/api/pairing-contacts/", "/api/pairing-needs/",
        "/api/pairing-overview/?year=2026", "/api/pairing-programmes/", "/api/pairing-groups/",
    ]


@pytest.mark.parametrize("login", ["county_office", "township_office", "neighbour_office", "leader_role"])
def test_an_upper_or_outside_login_gets_no_household_name_anywhere(work, login, request, tree, client_for):
    user = (tree.person(Role.LEADER, tree.county, "county_leader") if login == "leader_role"
            else request.getfixturevalue(login))
    client = client_for(user)
    for url in pages(work):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        text = body_of(response)
        for name in NAMES:
            assert name not in text, (login, url, name)
    for model in (Household, Pair, Contact, Need):
        assert not model.objects.restrict(user).exists()
    for url in [reverse("pairing:household_detail", args=[work.household.pk]),
                reverse("pairing:pair_card", args=[work.pair.pk]),
                f"/api/pairing-households/{work.household.pk}/"]:
        assert client.get(url).status_code == 404
    assert not HouseholdReadLog.objects.exists()


def test_the_county_office_sees_the_programmes_counts(work, county_office, client_for):
    client = client_for(county_office)
    ledger = client.get(reverse("pairing:ledger") + "?month=2026-02")
    row = next(r for r in ledger.context["rows"] if r.group == work.group)
    assert (row.pairs, row.due, row.contacts, row.visits, row.pairs_met) == (2, 2, 2, 1, 2)
    assert (row.needs_raised, row.needs_open, row.cost) == (1, 1, 30)
    now = client.get(reverse("pairing:ledger") + f"?month={date.today():%Y-%m}").context["rows"]
    assert next(r for r in now if r.group == work.group).needs_escalated == 1   # counted when it was escalated
    overview = client.get("/api/pairing-overview/?year=2026").json()
    unit = next(r for r in overview if r["unit"] == work.programme.place_id)
    assert unit["contacts"] == 2 and unit["needs_raised"] == 1 and unit["contacts_by_month"][1] == 2


def test_the_paired_cadre_sees_only_their_own_household(work, client_for):
    client = client_for(work.cadre)
    text = client.get(reverse("pairing:household_list")).content.decode()
    assert "王秀英" in text and "李桂兰" not in text
    api = client.get("/api/pairing-households/").json()
    assert [h["name"] for h in api.get("results", api)] == ["王秀英"]
    assert client.get(reverse("pairing:household_detail", args=[work.other_household.pk])).status_code == 404


def test_the_group_leader_and_the_unit_office_see_the_groups_households(work, unit_staff, client_for):
    for user in (work.leader, unit_staff):
        text = client_for(user).get(reverse("pairing:household_list")).content.decode()
        assert "王秀英" in text and "李桂兰" in text


def test_the_township_office_above_the_unit_does_not_see_households(work, township_office):
    assert not Household.objects.restrict(township_office).exists()


def test_reading_a_household_is_logged_by_the_page_and_the_api(work, client_for):
    client = client_for(work.leader)
    assert client.get(reverse("pairing:household_detail", args=[work.household.pk])).status_code == 200
    assert client.get(f"/api/pairing-households/{work.household.pk}/").json()["name"] == "王秀英"
    logs = list(HouseholdReadLog.objects.order_by("id").values_list("user__username", "household_number", "channel"))
    assert logs == [("leader", work.household.pk, "page"), ("leader", work.household.pk, "api")]


def test_the_read_log_is_for_offices_and_names_no_household(work, client_for, unit_staff, county_office):
    client_for(work.cadre).get(reverse("pairing:household_detail", args=[work.household.pk]))
    assert HouseholdReadLog.objects.restrict(county_office).count() == 1
    assert not HouseholdReadLog.objects.restrict(work.cadre).exists()
    text = client_for(county_office).get(reverse("pairing:read_log")).content.decode()
    assert "王秀英" not in text


def test_the_change_log_holds_no_household_name(work):
    from tuanjie.core.models import ChangeLogEntry

    for entry in ChangeLogEntry.objects.all():
        dump = f"{entry.object_repr} {entry.before} {entry.after}"
        for name in NAMES + ("屋顶漏雨", "拉家常"):
            assert name not in dump


def test_a_cadre_records_a_contact_from_the_short_form_with_their_pair_preselected(work, client_for):
    client = client_for(work.cadre)
    form = client.get(reverse("pairing:contact_add")).context["form"]
    assert list(form.fields["pair"].queryset) == [work.pair] and form.initial["pair"] == work.pair.pk
    response = client.post(reverse("pairing:contact_add"), {
        "pair": work.pair.pk, "date": "2026-03-01", "form": "wechat", "topic": "微信问候", "deeds": "", "cost": "0"})
    assert response.status_code == 302
    assert Contact.objects.filter(pair=work.pair, form="wechat", recorded_by=work.cadre).exists()


def test_the_flow_through_the_pages(work, client_for, unit_staff):
    need = Need.objects.get()
    leader = client_for(work.leader)
    page = leader.get(reverse("pairing:need_detail", args=[need.pk]))
    assert [t.action for t in page.context["transitions"]] == ["solve_by_group", "escalate_to_leadership",
                                                                   "close_by_group"]
    leader.post(reverse("pairing:need_transition", args=[need.pk, "solve_by_group"]), {"note": "修好了屋顶"})
    need.refresh_from_db()
    assert need.state == Need.State.SOLVED
    ledger = leader.get(reverse("pairing:ledger") + f"?month={date.today():%Y-%m}").context["rows"]
    assert next(r for r in ledger if r.group == work.group).needs_solved == 1


def test_a_forbidden_step_through_the_pages_changes_nothing(work, client_for):
    need = Need.objects.get()
    response = client_for(work.cadre).post(reverse("pairing:need_transition", args=[need.pk, "solve_by_group"]),
                                           {"note": "x"}, follow=True)
    assert "只有该诉求的分组负责人" in response.content.decode()
    need.refresh_from_db()
    assert need.state == Need.State.GROUP


def test_the_contact_card_prints_cadre_unit_and_household(work, client_for, tree):
    text = client_for(work.cadre).get(reverse("pairing:pair_card", args=[work.pair.pk])).content.decode()
    assert "连心卡" in text and "王秀英" in text and tree.u1.name in text


def test_every_household_a_list_page_shows_is_logged(work, client_for):
    client = client_for(work.leader)
    assert client.get(reverse("pairing:household_list")).status_code == 200
    logs = sorted(HouseholdReadLog.objects.values_list("user__username", "household_number", "channel"))
    assert logs == sorted([("leader", work.household.pk, "list"), ("leader", work.other_household.pk, "list")])


def test_every_household_an_api_list_returns_is_logged(work, client_for):
    rows = client_for(work.cadre).get("/api/pairing-households/").json()["results"]
    assert [r["name"] for r in rows] == ["王秀英"]
    assert list(HouseholdReadLog.objects.values_list("household_number", "channel")) == [
        (work.household.pk, "api_list")]


def test_every_household_an_excel_export_holds_is_logged(work, client_for):
    response = client_for(work.leader).get(reverse("pairing:household_list") + "?export=xlsx")
    assert "王秀英" in body_of(response)
    assert sorted(HouseholdReadLog.objects.values_list("household_number", "channel")) == sorted(
        [(work.household.pk, "export"), (work.other_household.pk, "export")])


def test_reading_many_households_at_once_is_a_bulk_read_event(work, settings, client_for):
    from tuanjie.core.models import SecurityEvent

    settings.TUANJIE_BULK_READ_HOUSEHOLDS = 1
    body_of(client_for(work.leader).get(reverse("pairing:household_list") + "?export=xlsx"))
    event = SecurityEvent.objects.get(kind="bulk_read")
    assert event.user == work.leader and "2 户" in event.detail


@pytest.mark.parametrize(("url_of", "who", "channel"), [
    (lambda s: reverse("pairing:group_detail", args=[s.group.pk]), "leader", "group"),
    (lambda s: reverse("pairing:my_pairs"), "cadre", "mine"),
    (lambda s: reverse("pairing:cadre_file", args=[s.cadre.pk]) + "?year=2026", "leader", "file"),
    (lambda s: "/search/?q=王秀英", "leader", "search"),
])
def test_every_other_page_that_names_households_logs_them(work, client_for, url_of, who, channel):
    person = getattr(work, who)
    response = client_for(person).get(url_of(work))
    assert response.status_code == 200 and "王秀英" in response.content.decode()
    logged = set(HouseholdReadLog.objects.filter(channel=channel).values_list("user", "household_number"))
    assert (person.pk, work.household.pk) in logged
