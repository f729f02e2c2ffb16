"""Editing a contact, a need, a group or a household runs the same checks as creating it, on the page and through
the API, and re-derives what is derived from the pair (the unit and the group)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tuanjie.core.context import acting_as
from tuanjie.core.models import ChangeLogEntry
from tuanjie.pairing import services
from tuanjie.pairing.models import Contact, Need

# The scene pairs the cadre with 王秀英 on 2026-01-06 (tests/pairing/conftest.py).
BEFORE_PAIRING = "联系日期不能早于结对日期（2026年1月6日）"
IN_THE_FUTURE = "联系日期不能晚于今天"


def contact_fields(scene, **changes):
    return {"pair": scene.pair.pk, "date": "2026-02-03", "form": "visit", "topic": "拉家常", "deeds": "",
            "cost": "0", **changes}


@pytest.fixture
def contact(scene):
    with acting_as(scene.cadre, source="test"):
        return services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit",
                                       topic="拉家常")


@pytest.fixture
def second_pair(tree, scene):
    """The cadre is also paired with a household of the kindergarten's (U1a, inside the school) own programme."""
    with acting_as(None, source="test"):
        programme = services.programme_create(by=None, place=tree.u1a, name="幼儿园结对帮扶",
                                              started_on=date(2026, 1, 1))
        group = services.group_create(by=None, programme=programme, name="石榴社区分组", leader=scene.leader)
        household = services.household_create(by=None, programme=programme, name="马玉兰", address="石榴社区2号",
                                              consent_on=date(2026, 1, 5), consent_method="oral")
        return services.pair_create(by=None, group=group, cadre=scene.cadre, household=household,
                                    paired_on=date(2026, 1, 10))


@pytest.mark.parametrize(("day", "message"), [("2026-01-05", BEFORE_PAIRING),
                                              ("tomorrow", IN_THE_FUTURE)])
def test_a_contact_edited_out_of_the_pairing_period_is_refused_with_the_message_of_recording_it(
        scene, contact, client_for, day, message):
    day = str(timezone.localdate() + timedelta(days=1)) if day == "tomorrow" else day
    client = client_for(scene.cadre)
    recorded = client.post(reverse("pairing:contact_add"), contact_fields(scene, date=day))
    assert message in recorded.content.decode()
    edited = client.post(reverse("pairing:contact_edit", args=[contact.pk]), contact_fields(scene, date=day))
    assert edited.status_code == 200 and message in edited.content.decode()
    contact.refresh_from_db()
    assert contact.date == date(2026, 2, 3)
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(("day", "message"), [("2026-01-05", BEFORE_PAIRING),
                                              ("tomorrow", IN_THE_FUTURE)])
def test_a_contact_edited_out_of_the_pairing_period_through_the_api_is_refused_alike(
        scene, contact, client_for, day, message):
    day = str(timezone.localdate() + timedelta(days=1)) if day == "tomorrow" else day
    client = client_for(scene.cadre)
    for method in (client.patch, client.put):
        payload = {"date": day} if method == client.patch else contact_fields(scene, date=day)
        response = method(f"/api/pairing-contacts/{contact.pk}/", payload, content_type="application/json")
        assert response.status_code == 422 and message in response.content.decode(), response.content
    contact.refresh_from_db()
    assert contact.date == date(2026, 2, 3)


def test_a_contact_moved_to_another_pair_takes_that_pairs_unit_and_group(
        tree, scene, contact, second_pair, client_for):
    response = client_for(scene.cadre).post(reverse("pairing:contact_edit", args=[contact.pk]),
                                            contact_fields(scene, pair=second_pair.pk, date="2026-02-04"))
    assert response.status_code == 302, response.content.decode()[:3000]
    contact.refresh_from_db()
    assert (contact.pair_id, contact.unit_id, contact.group_id) == (second_pair.pk, tree.u1a.pk, second_pair.group_id)
    entry = ChangeLogEntry.objects.filter(object_id=str(contact.pk), action="update").latest("pk")
    assert (entry.before["unit_id"], entry.after["unit_id"]) == (tree.u1.pk, tree.u1a.pk)
    assert entry.user_repr == str(scene.cadre)


def test_a_contact_patched_through_the_api_keeps_what_was_not_sent_and_is_logged(scene, contact, client_for):
    response = client_for(scene.cadre).patch(f"/api/pairing-contacts/{contact.pk}/", {"topic": "问了孩子上学"},
                                             content_type="application/json")
    assert response.status_code == 200, response.content
    contact.refresh_from_db()
    assert (contact.topic, contact.date, contact.form) == ("问了孩子上学", date(2026, 2, 3), "visit")
    assert ChangeLogEntry.objects.filter(object_id=str(contact.pk), action="update").count() == 1


def test_a_need_moved_to_another_pair_through_the_api_takes_that_pairs_unit_and_group(
        tree, scene, second_pair, client_for):
    with acting_as(scene.cadre, source="test"):
        need = services.need_raise(by=scene.cadre, pair=scene.pair, category="housing", description="屋顶漏雨")
    assert (need.unit_id, need.group_id) == (tree.u1.pk, scene.group.pk)
    response = client_for(scene.cadre).patch(f"/api/pairing-needs/{need.pk}/", {"pair": second_pair.pk},
                                             content_type="application/json")
    assert response.status_code == 200, response.content
    need.refresh_from_db()
    assert (need.pair_id, need.unit_id, need.group_id) == (second_pair.pk, tree.u1a.pk, second_pair.group_id)
    assert (need.category, need.description, need.state) == ("housing", "屋顶漏雨", Need.State.RAISED)


def test_a_need_cannot_be_edited_onto_someone_elses_pair(scene, client_for):
    need = services.need_raise(by=scene.cadre, pair=scene.pair, category="housing", description="屋顶漏雨")
    with pytest.raises(PermissionDenied, match="只能为自己的结对户"):
        services.need_update(by=scene.cadre, instance=need, pair=scene.other_pair, category="housing",
                             description="屋顶漏雨")
    need.refresh_from_db()
    assert need.pair_id == scene.pair.pk


def test_a_group_with_pairs_cannot_be_moved_to_another_programme_from_its_page(tree, scene, unit_staff, client_for):
    other = services.programme_create(by=unit_staff, place=tree.u1, name="第二期结对", started_on=date(2026, 6, 1))
    response = client_for(unit_staff).post(reverse("pairing:group_edit", args=[scene.group.pk]), {
        "programme": other.pk, "name": scene.group.name, "leader": scene.leader.pk})
    assert "分组已有结对关系，不能改到其他结对帮扶活动" in response.content.decode()
    scene.group.refresh_from_db()
    assert scene.group.programme_id == scene.programme.pk


def test_only_the_programme_office_may_edit_a_group_as_only_it_may_set_one_up(scene):
    with pytest.raises(PermissionDenied, match="只有开展活动单位的工作人员可以设立分组"):
        services.group_update(by=scene.leader, instance=scene.group, programme=scene.programme, name="改名",
                              leader=scene.leader)


def test_a_cadre_may_not_edit_a_household_as_they_may_not_register_one(scene):
    with pytest.raises(PermissionDenied, match="只有分组负责人或开展活动单位的工作人员可以登记结对户"):
        services.household_update(by=scene.cadre, instance=scene.household, programme=scene.programme,
                                  name="王秀英", address="搬到了县城", consent_on=date(2026, 1, 5),
                                  consent_method="written")
    scene.household.refresh_from_db()
    assert scene.household.address == "幸福村3组"


def test_the_group_leader_edits_a_household_from_its_page(scene, client_for):
    response = client_for(scene.leader).post(reverse("pairing:household_edit", args=[scene.household.pk]), {
        "programme": scene.programme.pk, "name": "王秀英", "phone": "13900001111", "address": "幸福村4组",
        "size": "5", "consent_on": "2026-01-05", "consent_method": "written"})
    assert response.status_code == 302, response.content.decode()[:3000]
    scene.household.refresh_from_db()
    assert (scene.household.address, scene.household.size) == ("幸福村4组", 5)


def test_a_household_edit_without_consent_is_refused(scene):
    with pytest.raises(ValidationError):
        services.household_update(by=scene.leader, instance=scene.household, programme=scene.programme,
                                  name="王秀英", address="幸福村3组", consent_on=None, consent_method="")
