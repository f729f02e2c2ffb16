"""The to-do list (待办) is read from the live state: what awaits a person's step, gone once anyone entitled takes it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import FACTORIES
from tests.factories_attachments import PNG_1PX
from tuanjie.core import todo
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role

PLACES = ("u1", "u2", "t1", "county", "b1")


def _variants(workflow, tree):
    """The other records a waiting record's steps depend on, in each of their settings."""
    from tuanjie.assessments.models import Campaign as Assessment
    from tuanjie.commendations.models import Campaign as Commendation
    from tuanjie.titles.models import TitleStep

    label = workflow.model._meta.label
    if label == "titles.TitleApplication":
        # the steps of the factory's levels (a unit's 省级, an area's own), each set on every record: on a record
        # of another level it is no step of its chain, and nobody may take it
        for step in TitleStep.objects.filter(title_level__applications__isnull=False).distinct():
            yield {"current_step": step}
    elif label == "information.InformationItem":
        for office in (tree.t1, tree.county, tree.city, tree.neighbour):
            yield {"reviewer_place": office}
    elif label == "commendations.Nomination":
        from tuanjie.places.models import PlaceLevel

        for recommend_level in (None, PlaceLevel.objects.get(name="乡"), PlaceLevel.objects.get(name="县")):
            for status in Commendation.Status.values:
                Commendation.objects.update(status=status, recommend_level=recommend_level)
                yield {}
    elif label == "assessments.Entry":
        for state in Assessment.State.values:
            Assessment.objects.update(state=state)
            yield {}
    else:
        yield {}


def test_each_workflows_waiting_records_are_exactly_those_on_which_its_actors_may_take_a_step(tree, django_user_model):
    """`Actor.holds` (SQL) against `Workflow.may` (Python, what the pages and services ask) for every person, every
    waiting state and records at units, a township, the county and the neighbour county."""
    from tuanjie.core.workflow import WORKFLOWS

    todo.sources()   # every app's workflows declared
    for role, place in ((Role.OFFICE, tree.county), (Role.OFFICE, tree.t1), (Role.OFFICE, tree.city),
                        (Role.UNIT, tree.u1), (Role.UNIT, tree.t1), (Role.INSPECTOR, tree.county),
                        (Role.LEADER, tree.county), (Role.OFFICE, tree.neighbour)):
        tree.person(role, place)
    checked = 0
    for workflow in WORKFLOWS:
        if not workflow.waiting:
            continue
        label = workflow.model._meta.label
        with acting_as(None, source="test"):
            for name in PLACES:
                FACTORIES[label](getattr(tree, name), tree)
        people = list(django_user_model.objects.all())
        for waiting in workflow.waiting:
            for extra in _variants(workflow, tree):
                workflow.model._default_manager.update(**{workflow.state_field: waiting.state}, **extra)
                records = list(workflow.model._default_manager.all())
                for person in people:
                    steps = [t for t in workflow.transitions.values()
                             if t.offered and t.actor == waiting.actor and waiting.state in t.sources]
                    expected = {r.pk for r in records if any(workflow.may(person, r, t.action) for t in steps)}
                    found = workflow.awaiting(person, waiting)
                    got = set() if found is None else set(found.values_list("pk", flat=True))
                    assert got == expected, (label, waiting.state, extra, person.username)
                    checked += bool(expected)
    assert checked > 20   # the comparison found records on someone's list, not only empty lists


def test_a_superuser_has_no_todo_of_their_own(tree, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="Test-Pass-2026")
    FACTORIES["pairing.Need"](tree.u1, tree)
    assert todo.counts(root) == [] and todo.groups(root) == []


def _answer(by, item):
    from tuanjie.inspections.services import rectification_answer

    return rectification_answer(by=by, item=item, answer="已补齐档案",
                                files=[SimpleUploadedFile("evidence.png", PNG_1PX, "image/png")])


def _answered_rectification(tree, office):
    from tuanjie.inspections.models import Finding
    from tuanjie.inspections.services import rectification_create, round_create

    round_ = round_create(by=office, place=tree.county, title="专项督查", kind="special",
                          start_date=date(2026, 4, 10), end_date=date(2026, 4, 20), units=[tree.u1])
    finding = Finding.objects.create(round=round_, unit=tree.u1, kind="problem", text="资料归档不规范")
    item = rectification_create(by=office, finding=finding, requirement="补齐档案", deadline=date(2099, 6, 30))
    return item


def _keys(user) -> dict[str, int]:
    return {source.key: n for source, n in todo.counts(user)}


def test_an_answered_rectification_leaves_the_todo_of_every_office_and_inspector_once_one_of_them_verifies_it(
        tree, county_office, unit_staff, client_for):
    from tuanjie.inspections.services import rectification_verify

    colleague = tree.person(Role.OFFICE, tree.county, "county_office_2")
    inspector = tree.person(Role.INSPECTOR, tree.county, "county_inspector")
    township = tree.person(Role.OFFICE, tree.t1, "township_office")
    item = _answered_rectification(tree, county_office)
    assert _keys(unit_staff) == {"inspections.rectification.open.unit": 1}
    _answer(unit_staff, item)
    key = "inspections.rectification.answered.round_office"
    assert [_keys(p).get(key) for p in (county_office, colleague, inspector, township, unit_staff)] == [
        1, 1, 1, None, None]   # the round is the county's: not the township's to verify
    assert _keys(unit_staff) == {}
    page = client_for(colleague).get("/system/todo/").content.decode()
    assert "整改待核验销号" in page and item.get_absolute_url() in page and 'data-testid="todo-count">1<' in page

    rectification_verify(by=county_office, item=item)
    assert [todo.total(p) for p in (county_office, colleague, inspector, unit_staff)] == [0, 0, 0, 0]
    page = client_for(colleague).get("/system/todo/").content.decode()
    assert 'data-testid="todo-empty"' in page and 'data-testid="todo-count"' not in page


def test_a_need_is_on_the_todo_of_whoever_holds_it_now_and_of_no_one_once_it_is_solved(tree):
    from tests.factories_pairing import setup_programme
    from tuanjie.pairing.services import need_raise, need_transition

    pair = setup_programme(tree.u1, tree)
    cadre, leader = pair.cadre, pair.group.leader
    unit = tree.person(Role.UNIT, tree.u1, "u1_staff")
    needs = [need_raise(by=cadre, pair=pair, category="employment", description=f"想找工作{i}") for i in range(3)]
    assert (todo.total(cadre), todo.total(leader), todo.total(unit)) == (3, 0, 0)
    need_transition(by=cadre, need=needs[0], action="escalate_to_group")
    need_transition(by=cadre, need=needs[1], action="escalate_to_group")
    assert (todo.total(cadre), todo.total(leader), todo.total(unit)) == (1, 2, 0)
    need_transition(by=leader, need=needs[1], action="escalate_to_leadership")
    assert (todo.total(cadre), todo.total(leader), todo.total(unit)) == (1, 1, 1)
    need_transition(by=unit, need=needs[1], action="solve_by_leadership", note="已协调就业岗位")
    need_transition(by=leader, need=needs[0], action="solve_by_group", note="已推荐岗位")
    need_transition(by=cadre, need=needs[2], action="solve_by_cadre", note="已联系农机")
    assert (todo.total(cadre), todo.total(leader), todo.total(unit)) == (0, 0, 0)


def test_a_submitted_information_item_waits_for_the_office_above_and_a_returned_one_for_its_unit(
        tree, county_office, township_office, unit_staff):
    from tuanjie.information.services import item_create, item_return, item_submit

    items = [item_create(by=unit_staff, place=tree.u1, title=f"宣讲{i}", body="<p>正文</p>") for i in range(2)]
    for item in items:
        item_submit(by=unit_staff, item=item)
    assert (todo.total(township_office), todo.total(county_office), todo.total(unit_staff)) == (2, 0, 0)
    item_return(by=township_office, item=items[0], comment="请补充照片")
    assert _keys(township_office) == {"information.informationitem.submitted.office": 1}
    assert _keys(unit_staff) == {"information.informationitem.returned.unit": 1}


def test_the_envelope_counts_unread_events_not_task_messages_and_opening_a_record_reads_its_message(
        tree, county_office, unit_staff, client_for):
    from tuanjie.notifications.models import Notification
    from tuanjie.notifications.services import notify

    item = _answered_rectification(tree, county_office)   # the unit is told: 新的整改事项
    notify([unit_staff], title="请审核", url="/titles/applications/1/", kind="task")
    notify([unit_staff], title="已退回", url="/information/999/", kind="returned")
    client = client_for(unit_staff)
    assert 'data-testid="unread-count">2<' in client.get("/").content.decode()
    assert client.get(item.get_absolute_url()).status_code == 200
    assert Notification.objects.get(url=item.get_absolute_url()).read_at is not None
    assert 'data-testid="unread-count">1<' in client.get("/").content.decode()


@pytest.mark.parametrize(("role", "place", "main", "most"), [
    # a unit: 13, and 测试与测评 (its staff tests, its staff's sheets and its own open tests; issue 18)
    (Role.UNIT, "u1", ["待办", "登记活动", "信息报送", "本单位完成情况"], 14),
    (Role.CADRE, "u1", ["待办", "记录走访", "我的结对户"], 10),
    (Role.GROUP_LEADER, "u1", ["待办", "月度台账", "群众诉求"], 10),
    (Role.INSPECTOR, "county", ["待办", "督查检查", "整改事项"], 13),
    (Role.LEADER, "county", ["待办", "统计分析", "文稿生成"], 25),
])
def test_a_role_sees_its_main_actions_first_few_entries_and_each_heading_once(role, place, main, most, tree,
                                                                             client_for):
    from tuanjie.core.navigation import menu_for, menu_sections

    person = tree.person(role, getattr(tree, place))
    sections = menu_sections(person)
    assert [str(item.label) for item in sections[0][1]] == main
    headings = [heading for heading, _items in sections[1:]]
    assert len(headings) == len(set(headings))
    assert len(menu_for(person)) <= most
    html = client_for(person).get("/").content.decode()
    for heading in headings:
        assert html.count(f'data-bs-toggle="dropdown" aria-expanded="false">{heading}</a>') <= 1


def test_the_county_offices_top_bar_shows_organisation_once(tree, county_office, client_for):
    html = client_for(county_office).get("/").content.decode()
    assert html.count('aria-expanded="false">组织</a>') == 1
