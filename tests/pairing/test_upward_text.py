"""Free text that goes upward is refused when it names a household of the programme (name, phone, address), with a
Chinese message saying which field holds what. The household in the fixture is written here, so the expected
finds do not come from the code under test."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.factories_pairing import setup_programme
from tests.factories_plans import _task
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role
from tuanjie.pairing.models import GroupSummary
from tuanjie.pairing.services import group_summary_submit
from tuanjie.plans.models import TaskProgress
from tuanjie.plans.services import task_progress_report

NAME, PHONE, ADDRESS = "王秀英", "13912345678", "幸福村3组"


@pytest.fixture
def pair(tree):
    from tuanjie.pairing.models import Household

    with acting_as(None, source="test"):
        pair = setup_programme(tree.u1, tree)
    Household.objects.filter(pk=pair.household_id).update(phone=PHONE)
    return pair


@pytest.mark.parametrize(("text", "named"), [
    (f"本月走访{NAME}户，解决用水问题", f"姓名“{NAME}”"),
    ("本月走访一户（电话139 1234 5678），解决用水问题", f"电话“{PHONE}”"),
    ("本月走访一户（电话１３９-１２３４-５６７８）", f"电话“{PHONE}”"),
    (f"走访了 {ADDRESS} 的一户", f"住址“{ADDRESS}”"),
])
def test_a_group_summary_naming_a_household_is_refused_saying_what_was_found(tree, pair, text, named):
    leader = pair.group.leader
    with pytest.raises(ValidationError) as refused:
        group_summary_submit(by=leader, group=pair.group, month=date(2026, 3, 1), text=text)
    message = refused.value.message_dict["text"][0]
    assert named in message and "小结内容" in message
    assert not GroupSummary.objects.exists()


def test_a_group_summary_about_the_work_is_kept(tree, pair):
    summary = group_summary_submit(by=pair.group.leader, group=pair.group, month=date(2026, 3, 1),
                                   text="本月走访结对户12户次，帮助解决生产生活困难3件")
    assert summary.pk


def test_a_summary_may_name_a_household_of_another_county(tree, pair):
    with acting_as(None, source="test"):
        other = setup_programme(tree.b1, tree)
    assert other.household.name == NAME       # the same name in the neighbour county is not this programme's
    from tuanjie.pairing.models import Household

    Household.objects.filter(pk=pair.household_id).update(name="李建华", address="石榴村1组", phone="")
    summary = group_summary_submit(by=pair.group.leader, group=pair.group, month=date(2026, 3, 1),
                                   text=f"学习了{NAME}同志的先进事迹")
    assert summary.pk


def test_a_progress_report_naming_a_household_is_refused(tree, pair):
    task = _task(tree.u1)
    staff = tree.person(Role.UNIT, tree.u1, "u1-staff")
    with pytest.raises(ValidationError, match=f"进展情况含有结对户的个人信息（姓名“{NAME}”）"):
        task_progress_report(by=staff, task=task, status="in_progress", percent=30, place=tree.u1,
                             text=f"已帮扶{NAME}一家")
    assert not TaskProgress.objects.exists()


def test_an_information_item_naming_a_household_is_refused(tree, pair):
    from tuanjie.information.models import InformationItem
    from tuanjie.information.services import item_create

    staff = tree.person(Role.UNIT, tree.u1, "u1-staff")
    with pytest.raises(ValidationError) as refused:
        item_create(by=staff, place=tree.u1, title="结对帮扶见成效", body=f"<p>干部常到{ADDRESS}走访</p>")
    assert f"住址“{ADDRESS}”" in refused.value.message_dict["body"][0]
    assert not InformationItem.objects.exists()


def test_the_summary_page_shows_the_refusal_on_the_form(tree, pair, client_for):
    client = client_for(pair.group.leader)
    response = client.post("/pairing/summaries/add/", {"group": pair.group.pk, "month": "2026-03-01",
                                                      "text": f"走访{NAME}户"})
    assert response.status_code in (200, 422)
    assert f"姓名“{NAME}”" in response.content.decode()
    assert not GroupSummary.objects.exists()


def test_a_self_assessment_note_naming_a_household_is_refused(tree, pair):
    from tests.factories_assessments import _entry
    from tuanjie.assessments.services import SelfScore, entry_self_assess

    entry = _entry(tree.u1, tree)
    line = entry.lines.get()
    staff = tree.person(Role.UNIT, tree.u1, "u1-staff")
    with pytest.raises(ValidationError) as refused:
        entry_self_assess(by=staff, entry=entry, scores={line.pk: SelfScore(score=1, note=f"帮扶了{NAME}家")})
    assert f"姓名“{NAME}”" in refused.value.message_dict["note"][0] and "自评说明" in refused.value.message_dict["note"][0]
    line.refresh_from_db()
    assert line.self_note == "" and line.self_score is None
