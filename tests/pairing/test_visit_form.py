"""One visit, one form: the contact and the needs raised during it are saved together or not at all, the household
is chosen once, and the form opens on the household the cadre contacted last."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tuanjie.core.context import acting_as
from tuanjie.pairing import services
from tuanjie.pairing.models import Contact, Need, NeedStep

# The scene pairs the cadre with 王秀英 (幸福村3组) on 2026-01-06 (tests/pairing/conftest.py).


def visit(scene, rows=(), **changes):
    """The contact page's post: the visit's fields and the needs' rows as the page's formset sends them."""
    data = {"pair": scene.pair.pk, "date": "2026-02-03", "form": "visit", "topic": "拉家常，了解春耕准备",
            "deeds": "帮助联系农机", "cost": "30", "needs-TOTAL_FORMS": str(len(rows)), "needs-INITIAL_FORMS": "0",
            "needs-MIN_NUM_FORMS": "0", "needs-MAX_NUM_FORMS": "1000", **changes}
    for number, (category, description) in enumerate(rows):
        data[f"needs-{number}-category"] = category
        data[f"needs-{number}-description"] = description
    return data


@pytest.fixture
def both_pairs(scene):
    """The cadre is also paired with 李桂兰 (幸福村5组), so the form has two households to choose from."""
    with acting_as(scene.leader, source="test"):
        return services.pair_create(by=scene.leader, group=scene.group, cadre=scene.cadre,
                                    household=scene.other_household, paired_on=date(2026, 1, 6))


def test_the_service_records_a_visit_and_the_needs_raised_during_it_on_the_visits_day(scene):
    with acting_as(scene.cadre, source="test"):
        contact = services.contact_record_with_needs(
            by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit", topic="拉家常",
            needs=[{"category": "housing", "description": "屋顶漏雨"},
                   {"category": "schooling", "description": "孩子上学需要助学金"}])
    assert Contact.objects.get() == contact
    needs = Need.objects.order_by("id")
    assert [(n.category, n.description, n.raised_on, n.pair_id, n.state) for n in needs] == [
        ("housing", "屋顶漏雨", date(2026, 2, 3), scene.pair.pk, "raised"),
        ("schooling", "孩子上学需要助学金", date(2026, 2, 3), scene.pair.pk, "raised")]
    assert NeedStep.objects.filter(need__in=needs, action="提出诉求").count() == 2


def test_a_bad_need_row_saves_neither_the_contact_nor_the_other_needs(scene):
    with acting_as(scene.cadre, source="test"), pytest.raises(ValidationError) as refused:
        services.contact_record_with_needs(
            by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit", topic="拉家常",
            needs=[{"category": "housing", "description": "屋顶漏雨"}, {"category": "housing", "description": ""}])
    assert refused.value.messages == ["第2项诉求：诉求内容：此字段不能为空。"]
    assert Contact.objects.count() == 0 and Need.objects.count() == 0 and NeedStep.objects.count() == 0


def test_a_refused_visit_saves_none_of_its_needs(scene):
    with acting_as(scene.cadre, source="test"), pytest.raises(ValidationError) as refused:
        services.contact_record_with_needs(
            by=scene.cadre, pair=scene.pair, date=date(2026, 1, 5), form="visit", topic="拉家常",
            needs=[{"category": "housing", "description": "屋顶漏雨"}])
    assert refused.value.messages == ["联系日期不能早于结对日期（2026年1月6日）"]
    assert Contact.objects.count() == 0 and Need.objects.count() == 0


def test_the_page_saves_a_visit_with_two_needs_in_one_go(scene, client_for):
    response = client_for(scene.cadre).post(reverse("pairing:contact_add"), visit(
        scene, [("housing", "屋顶漏雨"), ("employment", "儿子想找工作")]))
    assert response.status_code == 302 and response["Location"] == reverse("pairing:my_pairs")
    contact = Contact.objects.get()
    assert (contact.pair, contact.topic, contact.recorded_by) == (scene.pair, "拉家常，了解春耕准备", scene.cadre)
    assert sorted(Need.objects.values_list("description", "pair_id", "raised_on")) == [
        ("儿子想找工作", scene.pair.pk, date(2026, 2, 3)), ("屋顶漏雨", scene.pair.pk, date(2026, 2, 3))]


def test_the_page_skips_rows_left_blank_and_gaps_left_by_removed_rows(scene, client_for):
    data = visit(scene, [("", ""), ("legal", "宅基地纠纷")])
    data["needs-TOTAL_FORMS"] = "3"      # row 2 was added and removed again: it is not posted at all
    response = client_for(scene.cadre).post(reverse("pairing:contact_add"), data)
    assert response.status_code == 302
    assert list(Need.objects.values_list("category", "description")) == [("legal", "宅基地纠纷")]


def test_a_half_filled_need_row_on_the_page_saves_nothing_and_says_what_to_fill(scene, client_for):
    response = client_for(scene.cadre).post(reverse("pairing:contact_add"), visit(
        scene, [("housing", "屋顶漏雨"), ("medical", "")]))
    assert response.status_code == 200
    rows = response.context["form"].needs
    assert rows.errors == [{}, {"description": ["请填写诉求内容（不登记这项诉求时请删除此项）"]}]
    assert "请填写诉求内容（不登记这项诉求时请删除此项）" in response.content.decode()
    assert Contact.objects.count() == 0 and Need.objects.count() == 0


def test_a_visit_refused_by_the_service_on_the_page_keeps_its_rows_and_saves_nothing(scene, client_for):
    response = client_for(scene.cadre).post(reverse("pairing:contact_add"), visit(
        scene, [("housing", "屋顶漏雨")], date="2026-01-05"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "联系日期不能早于结对日期（2026年1月6日）" in page and "屋顶漏雨" in page
    assert Contact.objects.count() == 0 and Need.objects.count() == 0


def test_the_form_opens_on_the_household_the_cadre_contacted_last(scene, both_pairs, client_for):
    client = client_for(scene.cadre)
    assert client.get(reverse("pairing:contact_add")).context["form"].initial.get("pair") is None  # none yet
    with acting_as(scene.cadre, source="test"):
        services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit", topic="拉家常")
        services.contact_record(by=scene.cadre, pair=both_pairs, date=date(2026, 3, 1), form="phone", topic="问候")
    page = client.get(reverse("pairing:contact_add"))
    assert page.context["form"].initial["pair"] == both_pairs.pk
    assert f'<option value="{both_pairs.pk}" selected>李桂兰（幸福村5组）</option>' in page.content.decode()
    with acting_as(scene.cadre, source="test"):
        services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 3, 5), form="visit", topic="走访")
    assert client.get(reverse("pairing:contact_add")).context["form"].initial["pair"] == scene.pair.pk


def test_another_cadres_latest_contact_does_not_choose_the_household(scene, both_pairs, client_for):
    with acting_as(None, source="test"):
        services.contact_record(by=None, pair=scene.pair, date=date(2026, 2, 3), form="visit", topic="拉家常")
        services.contact_record(by=None, pair=scene.other_pair, date=date(2026, 3, 9), form="visit", topic="走访")
    form = client_for(scene.cadre).get(reverse("pairing:contact_add")).context["form"]
    assert form.initial["pair"] == scene.pair.pk


def test_editing_a_contact_offers_no_need_rows_and_saves_as_before(scene, client_for):
    with acting_as(scene.cadre, source="test"):
        contact = services.contact_record(by=scene.cadre, pair=scene.pair, date=date(2026, 2, 3), form="visit",
                                          topic="拉家常")
    client = client_for(scene.cadre)
    page = client.get(reverse("pairing:contact_edit", args=[contact.pk]))
    assert page.context["form"].needs is None and "needs-TOTAL_FORMS" not in page.content.decode()
    data = {"pair": scene.pair.pk, "date": "2026-02-04", "form": "phone", "topic": "电话回访", "deeds": "",
            "cost": "0", "_version": page.context["form"]["_version"].value()}
    assert client.post(reverse("pairing:contact_edit", args=[contact.pk]), data).status_code == 302
    contact.refresh_from_db()
    assert (contact.date, contact.topic) == (date(2026, 2, 4), "电话回访") and Need.objects.count() == 0
