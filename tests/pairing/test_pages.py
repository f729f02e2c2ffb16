"""Every page opens for the people who use it, and a group leader sets up pairs from the pages."""

from datetime import date

import pytest
from django.urls import reverse

from tuanjie.pairing import services
from tuanjie.pairing.models import Household, Pair

PAGES = ["my_pairs", "programme_list", "programme_add", "group_list", "group_add", "household_list", "household_add",
         "pair_list", "pair_add", "contact_list", "contact_add", "need_list", "need_add", "ledger", "overview",
         "my_file", "summary_list", "summary_add", "festival_list", "read_log"]


@pytest.mark.parametrize("who", ["cadre", "leader", "county_office"])
def test_the_pages_open(scene, who, unit_staff, county_office, client_for):
    user = {"cadre": scene.cadre, "leader": scene.leader, "unit_staff": unit_staff,
            "county_office": county_office}[who]
    services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit", topic="拉家常")
    need = services.need_raise(by=scene.cadre, pair=scene.pair, category="housing", description="x")
    client = client_for(user)
    for name in PAGES:
        response = client.get(reverse(f"pairing:{name}"))
        assert response.status_code == 200, (who, name, response.status_code)
    for url in [reverse("pairing:programme_detail", args=[scene.programme.pk]),
                reverse("pairing:group_detail", args=[scene.group.pk]),
                reverse("pairing:review", args=[scene.programme.pk])]:
        assert client.get(url).status_code == 200, url
    visible = who != "county_office"
    for url in [reverse("pairing:need_detail", args=[need.pk]), reverse("pairing:pair_card", args=[scene.pair.pk])]:
        assert client.get(url).status_code == (200 if visible else 404), (who, url)


def test_a_group_leader_registers_a_household_and_pairs_it_with_a_cadre_from_the_pages(scene, client_for):
    client = client_for(scene.leader)
    response = client.post(reverse("pairing:household_add"), {
        "programme": scene.programme.pk, "name": "张玉梅", "phone": "", "address": "幸福村7组", "size": "3",
        "consent_on": "2026-03-01", "consent_method": "oral"})
    assert response.status_code == 302, response.content.decode()[:2000]
    household = Household.objects.get(name="张玉梅")
    response = client.post(reverse("pairing:pair_add"), {
        "group": scene.group.pk, "cadre": scene.cadre.pk, "households": [household.pk, scene.other_household.pk],
        "paired_on": "2026-03-02"})
    assert response.status_code == 302, response.context["form"].errors
    assert Pair.objects.filter(cadre=scene.cadre).count() == 3   # one cadre, three households


def test_a_household_without_consent_is_not_registered(scene, client_for):
    response = client_for(scene.leader).post(reverse("pairing:household_add"), {
        "programme": scene.programme.pk, "name": "张玉梅", "address": "幸福村7组", "size": "3"})
    assert response.status_code == 200 and not Household.objects.filter(name="张玉梅").exists()


def test_a_cadre_cannot_register_households(scene, client_for):
    response = client_for(scene.cadre).post(reverse("pairing:household_add"), {
        "programme": scene.programme.pk, "name": "张玉梅", "address": "幸福村7组", "size": "3",
        "consent_on": "2026-03-01", "consent_method": "oral"})
    assert response.status_code in (200, 403) and not Household.objects.filter(name="张玉梅").exists()


def test_a_cadre_raises_a_need_through_the_api_and_escalates_it(scene, client_for):
    client = client_for(scene.cadre)
    created = client.post("/api/pairing-needs/", {"pair": scene.pair.pk, "category": "schooling",
                                                  "description": "孩子上学需要助学金"})
    assert created.status_code == 201, created.content
    moved = client.post(f"/api/pairing-needs/{created.json()['id']}/transition/", {"action": "escalate_to_group"})
    assert moved.json()["state"] == "group"
    refused = client.post(f"/api/pairing-needs/{created.json()['id']}/transition/",
                          {"action": "solve_by_group", "note": "x"})
    assert refused.status_code == 403
