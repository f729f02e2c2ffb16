"""Every step of every workflow, through its page and its API endpoint, against the step oracle
(tests/access/oracle.py STEP_TABLE): for every role and a record at the person's own place, a child, a sibling and
the parent, put in a state the step starts from (through the services), the step is taken (the state moves, the
change log names the person, and `steps/` offered it beforehand) or refused (403, or 404 where the record is not
visible; nothing changes). Each attempt runs in a savepoint that is rolled back, so one set of records serves
every persona; the tree is built once per workflow."""

import importlib
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.access.oracle import NOT_STEPS, STEP_ORACLE, may_take
from tests.access.test_requests import ANCHOR, NOBODY, REFUSED, logged, rolled_back
from tests.factories_attachments import PNG_1PX
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role

POSITIONS = ("own", "child", "sibling", "parent")
WORKFLOWS = {
    "pairing.NEEDS": "tuanjie.pairing.services",
    "assessments.ENTRIES": "tuanjie.assessments.services",
    "commendations.CAMPAIGNS": "tuanjie.commendations.services",
    "commendations.NOMINATIONS": "tuanjie.commendations.services",
    "information.ITEMS": "tuanjie.information.services.workflow",
    "inspections.RECTIFICATIONS": "tuanjie.inspections.services",
    "titles.APPLICATIONS": "tuanjie.titles.services",
    "titles.TITLES": "tuanjie.titles.services",
    "agreements.AGREEMENTS": "tuanjie.agreements.services",
}


def engine(name):
    return getattr(importlib.import_module(WORKFLOWS[name]), name.split(".")[1])


def test_the_step_oracle_lists_every_step_the_engine_declares():
    declared = {(name, action) for name in WORKFLOWS for action in engine(name).transitions}
    assert declared == set(STEP_ORACLE), (
        f"steps missing from tests/access/oracle.py STEP_TABLE: {sorted(declared - set(STEP_ORACLE))}; "
        f"listed but not declared: {sorted(set(STEP_ORACLE) - declared)}")


def test_every_workflow_with_a_workflow_declaration_is_driven():
    from django.apps import apps

    from tuanjie.core.workflow import Workflow

    found = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("tuanjie."):
            continue
        for module_name in ("services", "services.workflow"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            found |= {f"{config.label}.{n}" for n, v in vars(module).items()
                      if isinstance(v, Workflow) and v.model.__module__.startswith(config.name)}
    assert found == set(WORKFLOWS), f"workflows not driven here: {sorted(found - set(WORKFLOWS))}"


# ---------------------------------------------------------------------------------------------------- the records

@dataclass
class World:
    tree: object
    root: object
    parent: dict

    def above(self, place):
        return self.parent[place.pk]


def _png():
    return SimpleUploadedFile("evidence.png", PNG_1PX, "image/png")


def need(*path):
    def build(place, w):
        from tests.factories_pairing import make_need
        from tuanjie.pairing.services import need_transition

        record = make_need(place, w.tree)
        for action in path:   # the system takes the earlier steps (`by=None` plays every part of the flow)
            record = need_transition(by=None, need=record, action=action)
        return record
    return build


def entry(*path):
    def build(place, w):
        from tests.factories_assessments import _system
        from tuanjie.assessments import services
        from tuanjie.assessments.models import Campaign, Entry, Line

        system = _system(w.above(place), w.tree)
        campaign = Campaign.objects.create(place=w.above(place), name="考核", year=2026, system=system)
        record = Entry.objects.create(campaign=campaign, subject=place)
        line = Line.objects.create(entry=record, indicator=system.indicators.get(level=2))
        services.line_self_assess(by=w.root, line=line, score="8")
        if "submit" in path:
            record = services.entry_submit(by=w.root, entry=record)
        if "review" in path:
            from tuanjie.assessments.models import ReviewScore

            ReviewScore.objects.create(line=line, reviewer=w.root, score="8")
        return record
    return build


def commendation_campaign(*path):
    def build(place, w):
        from tests.factories_commendations import make_campaign
        from tuanjie.commendations import services
        from tuanjie.commendations.models import Nomination

        record = make_campaign(place, w.tree)
        Nomination.objects.create(campaign=record, place=place, category="individual", nominee_name="王芳",
                                  summary="热心邻里互助", deeds="<p>事迹</p>", status=Nomination.Status.ACCEPTED)
        if "notice" in path:
            today = timezone.localdate()
            record = services.campaign_act(by=w.root, campaign=record, action="start_notice",
                                           notice_start=today - timedelta(days=20),
                                           notice_end=today - timedelta(days=10))
        return record
    return build


def nomination(place, w):
    from tuanjie.commendations.models import Campaign, Nomination

    campaign = Campaign.objects.create(place=w.above(place), name="评选", year=2026, quota_individual=5)
    return Nomination.objects.create(campaign=campaign, place=place, category="individual", nominee_name="王芳",
                                     summary="热心邻里互助", deeds="<p>事迹</p>")


def upward_nomination(place, w):
    """A nomination in a campaign two levels up whose recommending level is the office directly above the unit
    (that office holds a quota); a place whose parent is no area has no one to recommend it."""
    from tuanjie.commendations.models import Campaign, Nomination, RecommendationQuota
    from tuanjie.places.models import Place

    office = w.above(place)
    upper = Place.objects.get_parent(office) if office.is_area else None
    if upper is None:
        raise ValidationError("无推荐层级")
    campaign = Campaign.objects.create(place=upper, name="评选", year=2026, quota_individual=5,
                                       recommend_level=office.level)
    RecommendationQuota.objects.create(campaign=campaign, place=office, category="individual", limit=2)
    return Nomination.objects.create(campaign=campaign, place=place, category="individual", nominee_name="王芳",
                                     summary="热心邻里互助", deeds="<p>事迹</p>")


def item(*path):
    def build(place, w):
        from tests.factories_information import make_item
        from tuanjie.information.services import workflow as services

        record = make_item(place, w.tree)
        for action in path:
            if action == "publish":
                services.item_publish(item=record, by=w.root, channels=["platform"])
            else:
                getattr(services, f"item_{action}")(item=record, by=w.root)
            record.refresh_from_db()
        return record
    return build


def rectification(*path):
    def build(place, w):
        from tuanjie.inspections import services
        from tuanjie.inspections.models import Finding, Round

        round_ = Round.objects.create(place=w.above(place), title="专项督查", kind=Round.Kind.SPECIAL,
                                      start_date=date(2026, 4, 10), end_date=date(2026, 4, 20))
        round_.units.add(place)
        finding = Finding.objects.create(round=round_, unit=place, kind="problem", text="资料归档不规范")
        record = services.rectification_create(by=w.root, finding=finding, requirement="补齐档案",
                                               deadline=date(2026, 6, 30))
        if "answer" in path:
            record = services.rectification_answer(by=w.root, item=record, answer="已补齐", files=[_png()])
        return record
    return build


def application(*path):
    """A unit's application for a 县级 title (its 初审 is the township office's), an area's for a title of its own
    rank reviewed by the office one level above (so areas are driven as units are)."""
    def build(place, w):
        from tests.factories_titles import level_for
        from tuanjie.titles import services
        from tuanjie.titles.models import TitleApplication

        record = TitleApplication.objects.create(place=place, title_level=level_for(place, "县级"), year=2026,
                                                 deeds="事迹")
        for action in path:
            record = services.application_act(by=w.root, application=record, action=action)
        return record
    return build


def title(*path):
    def build(place, w):
        from tuanjie.places.models import PlaceLevel
        from tuanjie.titles import services
        from tuanjie.titles.models import DemonstrationTitle, TitleLevel

        # a level configured to be re-inspected by the township office (levels are configuration, DOMAIN.md)
        level, _ = TitleLevel.objects.get_or_create(name="乡级", defaults={
            "order": 5, "validity_years": 3, "reinspection_years": 1, "title_name": "民族团结进步创建示范单位",
            "reinspector_level": PlaceLevel.objects.get(name="乡")})
        record = DemonstrationTitle.objects.create(
            place=place, title_level=level, title_name=level.title_name, named_by=w.above(place),
            named_on=date(2025, 12, 1), valid_until=date(2030, 12, 1), next_inspection_due=date(2026, 12, 1))
        if "fail" in path:
            services.title_reinspect(by=w.root, title=record, passed=False, findings="台账不全",
                                     inspected_on=timezone.localdate())
            record.refresh_from_db()
        return record
    return build


def agreement(*path):
    def build(place, w):
        from tests.factories_agreements import make_agreement
        from tuanjie.agreements import services

        record = make_agreement(place, w.tree)
        if "issue" in path:
            record = services.agreement_act(by=w.root, agreement=record, action="issue")
            services.agreement_attach_scan(by=w.root, agreement=record, files=[_png()])
        if "sign" in path:
            record = services.agreement_act(by=w.root, agreement=record, action="sign")
        return record
    return build


# ---------------------------------------------------------------------------------------------------- the steps

@dataclass(frozen=True)
class Drive:
    build: object                 # (place, world) → the record in a source state of the step
    page: object                  # record → (URL, POST data)
    api: object = None            # record → (URL, JSON body), or None
    steps_url: object = None      # record → the `steps/` URL that offers it (None: not offered there)
    snapshot: tuple = ("status",)  # what moves when the step is taken


def _need(action, note=True):
    body = {"note": "已联系用工企业"} if note else {}
    return dict(page=lambda r: (f"/pairing/needs/{r.pk}/{action}/", body),
                api=lambda r: ("/api/pairing-needs/%d/transition/" % r.pk, {"action": action, **body}),
                steps_url=lambda r: f"/api/pairing-needs/{r.pk}/steps/", snapshot=("state",))


def _item(action, data=None, api_action=None):
    data = data or {"comment": "请补充活动照片"}
    return dict(page=lambda r: (f"/information/{r.pk}/{action}/", data),
                api=lambda r: (f"/api/information-items/{r.pk}/{api_action or action}/", data),
                steps_url=lambda r: f"/api/information-items/{r.pk}/steps/")


def _nomination(action):
    body = {"reason": "事迹材料不够具体"}
    return dict(page=lambda r: (f"/commendations/nominations/{r.pk}/{action}/", body),
                api=lambda r: (f"/api/commendation-nominations/{r.pk}/{action}/", body),
                steps_url=lambda r: f"/api/commendation-nominations/{r.pk}/steps/")


def _rect(action, api_action, body):
    return dict(page=lambda r: (f"/inspections/rectifications/{r.pk}/{action}/", body()),
                api=lambda r: (f"/api/rectifications/{r.pk}/{api_action}/", {k: v for k, v in body().items()
                                                                            if k != "files"}),
                steps_url=lambda r: f"/api/rectifications/{r.pk}/steps/", snapshot=("state",))


def _application(action):
    body = {"reason": "材料需补充"}
    return dict(page=lambda r: (f"/titles/applications/{r.pk}/{action}/", body),
                api=lambda r: (f"/api/title-applications/{r.pk}/{action}/", body),
                steps_url=lambda r: f"/api/title-applications/{r.pk}/steps/", snapshot=("status", "current_step_id"))


def _title(passed):
    return dict(page=lambda r: (f"/titles/named/{r.pk}/reinspect/", {
                    "result": "passed" if passed else "failed", "inspected_on": _day(0), "findings": "台账不全"}),
                api=lambda r: (f"/api/titles/{r.pk}/reinspect/", {"passed": passed, "findings": "台账不全"}),
                steps_url=lambda r: f"/api/titles/{r.pk}/steps/", snapshot=("status", "next_inspection_due"))


def _agreement(action, body=None):
    body = body or {}
    return dict(page=lambda r: (f"/agreements/{r.pk}/{action}/", body),
                api=lambda r: (f"/api/agreements/{r.pk}/{action}/", body),
                steps_url=lambda r: f"/api/agreements/{r.pk}/steps/")


def _day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def _publication(r):
    return r.publications.get()


DRIVES = {
    ("pairing.NEEDS", "solve_by_cadre"): Drive(need(), **_need("solve_by_cadre")),
    ("pairing.NEEDS", "escalate_to_group"): Drive(need(), **_need("escalate_to_group", note=False)),
    ("pairing.NEEDS", "close_by_cadre"): Drive(need(), **_need("close_by_cadre")),
    ("pairing.NEEDS", "solve_by_group"): Drive(need("escalate_to_group"), **_need("solve_by_group")),
    ("pairing.NEEDS", "escalate_to_leadership"): Drive(need("escalate_to_group"),
                                                        **_need("escalate_to_leadership", note=False)),
    ("pairing.NEEDS", "close_by_group"): Drive(need("escalate_to_group"), **_need("close_by_group")),
    ("pairing.NEEDS", "solve_by_leadership"): Drive(need("escalate_to_group", "escalate_to_leadership"),
                                                     **_need("solve_by_leadership")),
    ("pairing.NEEDS", "close_by_leadership"): Drive(need("escalate_to_group", "escalate_to_leadership"),
                                                     **_need("close_by_leadership")),

    ("assessments.ENTRIES", "submit"): Drive(
        entry(), page=lambda r: (f"/assessments/entries/{r.pk}/self/", {
            f"score-{r.lines.get().pk}": "9", "submit": "1"}),
        api=lambda r: (f"/api/assessment-entries/{r.pk}/submit/", {}),
        steps_url=lambda r: f"/api/assessment-entries/{r.pk}/steps/", snapshot=("state",)),
    ("assessments.ENTRIES", "return"): Drive(
        entry("submit"), page=lambda r: (f"/assessments/entries/{r.pk}/return/", {"comment": "证明材料不全"}),
        api=lambda r: (f"/api/assessment-entries/{r.pk}/return/", {"comment": "证明材料不全"}),
        steps_url=lambda r: f"/api/assessment-entries/{r.pk}/steps/", snapshot=("state",)),
    # taken for the whole campaign at once, so not offered on one entry
    ("assessments.ENTRIES", "finish"): Drive(
        entry("submit", "review"), page=lambda r: (f"/assessments/{r.campaign_id}/finish/", {}),
        api=lambda r: (f"/api/assessment-campaigns/{r.campaign_id}/finish/", {}), snapshot=("state",)),

    ("commendations.CAMPAIGNS", "start_notice"): Drive(
        commendation_campaign(), page=lambda r: (f"/commendations/{r.pk}/start_notice/", {
            "notice_start": _day(0), "notice_end": _day(7)}),
        api=lambda r: (f"/api/commendation-campaigns/{r.pk}/start-notice/", {
            "notice_start": _day(0), "notice_end": _day(7)}),
        steps_url=lambda r: f"/api/commendation-campaigns/{r.pk}/steps/"),
    ("commendations.CAMPAIGNS", "decide"): Drive(
        commendation_campaign("notice"), page=lambda r: (f"/commendations/{r.pk}/decide/", {
            "decision_no": "团发〔2026〕1号"}),
        api=lambda r: (f"/api/commendation-campaigns/{r.pk}/decide/", {"decision_no": "团发〔2026〕1号"}),
        steps_url=lambda r: f"/api/commendation-campaigns/{r.pk}/steps/"),
    ("commendations.NOMINATIONS", "accept"): Drive(nomination, **_nomination("accept")),
    ("commendations.NOMINATIONS", "reject"): Drive(nomination, **_nomination("reject")),
    ("commendations.NOMINATIONS", "withdraw"): Drive(nomination, **_nomination("withdraw")),
    ("commendations.NOMINATIONS", "recommend"): Drive(upward_nomination, **_nomination("recommend")),
    ("commendations.NOMINATIONS", "not_recommend"): Drive(
        upward_nomination, page=lambda r: (f"/commendations/nominations/{r.pk}/not_recommend/", {
            "reason": "事迹材料不够具体"}),
        api=lambda r: (f"/api/commendation-nominations/{r.pk}/not-recommend/", {"reason": "事迹材料不够具体"}),
        steps_url=lambda r: f"/api/commendation-nominations/{r.pk}/steps/"),

    ("information.ITEMS", "submit"): Drive(item(), **_item("submit")),
    ("information.ITEMS", "accept"): Drive(item("submit"), **_item("accept")),
    ("information.ITEMS", "return"): Drive(item("submit"), **_item("return")),
    ("information.ITEMS", "forward"): Drive(item("submit", "accept"), **_item("forward")),
    ("information.ITEMS", "decline"): Drive(item("submit", "accept", "forward"), **_item("decline")),
    ("information.ITEMS", "publish"): Drive(
        item("submit", "accept"), page=lambda r: (f"/information/{r.pk}/publish/", {"channels": ["platform"]}),
        api=lambda r: (f"/api/information-items/{r.pk}/publish/", {"channels": ["platform"]}),
        steps_url=lambda r: f"/api/information-items/{r.pk}/steps/"),
    # offered per publication on the item's page, not in `steps/`
    ("information.ITEMS", "withdraw"): Drive(
        item("submit", "accept", "publish"),
        page=lambda r: (f"/information/{r.pk}/publications/{_publication(r).pk}/withdraw/", {"reason": "有误"}),
        api=lambda r: (f"/api/information-items/{r.pk}/withdraw/", {"publication": _publication(r).pk,
                                                                     "reason": "有误"})),

    ("inspections.RECTIFICATIONS", "answer"): Drive(
        rectification(), **_rect("answer", "answer", lambda: {"answer": "已补齐档案", "files": _png()})),
    ("inspections.RECTIFICATIONS", "verify"): Drive(
        rectification("answer"), **_rect("verify", "verify", lambda: {"comment": "核验属实"})),
    ("inspections.RECTIFICATIONS", "send_back"): Drive(
        rectification("answer"), **_rect("send_back", "send-back", lambda: {"comment": "照片不清晰"})),

    ("titles.APPLICATIONS", "submit"): Drive(application(), **_application("submit")),
    ("titles.APPLICATIONS", "withdraw"): Drive(application(), **_application("withdraw")),
    ("titles.APPLICATIONS", "pass"): Drive(application("submit"), **_application("pass")),
    ("titles.APPLICATIONS", "return"): Drive(application("submit"), **_application("return")),
    ("titles.APPLICATIONS", "reject"): Drive(application("submit"), **_application("reject")),
    ("titles.TITLES", "pass"): Drive(title(), **_title(True)),
    ("titles.TITLES", "fail"): Drive(title(), **_title(False)),
    ("titles.TITLES", "revoke"): Drive(title("fail"), **_title(False)),

    ("agreements.AGREEMENTS", "issue"): Drive(agreement(), **_agreement("issue")),
    ("agreements.AGREEMENTS", "sign"): Drive(agreement("issue"), **_agreement("sign")),
    ("agreements.AGREEMENTS", "assess"): Drive(agreement("issue", "sign"), **_agreement("assess", {"note": "按台账核定"})),
}


def test_every_step_in_the_oracle_is_driven():
    assert set(DRIVES) == set(STEP_ORACLE) - NOT_STEPS


def _world(tree):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser(username="root", password="Root-Pass-2026",
                                                     home_place=tree.province)
    parent = {tree.t1.pk: tree.county, tree.v1.pk: tree.t1, tree.t2.pk: tree.county, tree.county.pk: tree.city,
              tree.u1.pk: tree.t1, tree.u1a.pk: tree.u1, tree.u2.pk: tree.t1}
    # offices above the personas' places, so what a unit or township sends up has somewhere to go
    for place in (tree.county, tree.city, tree.province):
        tree.person(Role.OFFICE, place)
    # each place's cadre and group leader (a need's pair and group are theirs), made once, outside the steps'
    # rolled-back savepoints, so the tree's cache of people never names a rolled-back row
    for place in (tree.t1, tree.v1, tree.t2, tree.county, tree.u1, tree.u1a, tree.u2):
        tree.person(Role.CADRE, place), tree.person(Role.GROUP_LEADER, place)
    return World(tree, root, parent)


def _personas(tree):
    from tuanjie.people.services import user_create

    personas = [(role, tree.person(role, tree.relatives(anchor)["own"]), tree.relatives(anchor))
                for role, anchor in ANCHOR.items()]
    nobody = user_create(by=None, username="nobody", full_name="无角色人员", home_place=tree.t1)
    personas.append((NOBODY, nobody, tree.relatives("township")))
    return personas


def _state(model, pk, fields):
    record = model._base_manager.get(pk=pk)
    return tuple(getattr(record, f) for f in fields)


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS))
def test_every_step_is_taken_only_by_whom_the_step_oracle_names(workflow, tree, client):
    wf = engine(workflow)
    world = _world(tree)
    personas = _personas(tree)   # before the records: a need's cadre and group leader are the personas
    places = {p.pk: p for anchor in set(ANCHOR.values()) for p in tree.relatives(anchor).values()}
    failures = []
    for (name, action), drive in DRIVES.items():
        if name != workflow:
            continue
        with rolled_back():   # one step's records do not meet the next step's (one pending application a unit)
            failures += _drive(workflow, action, drive, wf, world, personas, places, client)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:60])


def _drive(workflow, action, drive, wf, world, personas, places, client) -> list[str]:
    failures, taken = [], set()
    records = {}
    with acting_as(None, source="test"):
        for pk, place in places.items():
            try:
                with _savepoint():   # a record that cannot be set up leaves nothing behind
                    records[pk] = drive.build(place, world)
            except (ValidationError, PermissionDenied) as exc:
                # nobody can take the earlier steps here (no review step above a county, no re-inspecting office
                # above a township): a failure if the oracle needs this record, else the position is not tried
                records[pk] = exc
    for role, user, relatives in personas:
        client.force_login(user)
        for position in POSITIONS:
            record = records[relatives[position].pk]
            want = role != NOBODY and may_take(workflow, action, role, position)
            where = f"{action} by {role}@{relatives['own'].name} on {position}"
            if isinstance(record, Exception):
                if want:
                    failures.append(f"{where}: could not set up the record: {record!r}")
                continue
            for channel in ("page", "api"):
                with rolled_back():
                    failure = _attempt(client, drive, channel, record, wf.model, want, user, action)
                if failure:
                    failures.append(f"{where} ({channel}): {failure}")
                elif want:
                    taken.add(channel)
    if any(STEP_ORACLE[(workflow, action)].values()) and taken != {"page", "api"}:
        failures.append(f"{action}: the oracle lets someone take it, but it was taken only through {taken}")
    return failures


def _savepoint():
    from django.db import transaction

    return transaction.atomic()


def _attempt(client, drive, channel, record, model, want, user, action):
    before = _state(model, record.pk, drive.snapshot)
    offered = None
    if channel == "page":
        url, data = drive.page(record)
        response = client.post(url, data)
        done = {302}
    else:
        url, data = drive.api(record)
        if drive.steps_url is not None:
            answer = client.get(drive.steps_url(record))
            offered = answer.status_code == 200 and action in {s["action"] for s in answer.json()}
        response = client.post(url, data, content_type="application/json")
        done = {200}
    status = response.status_code
    moved = _state(model, record.pk, drive.snapshot) != before
    said = f"POST {url} → {status}, moved: {moved}"
    if want:
        if status not in done or not moved:
            return f"{said}; the oracle lets them {response.content[:200]!r}"
        if not logged(model, record.pk, "update", user):
            return f"{said} without a change-log entry by them"
        if offered is False:
            return f"{said}, but steps/ did not offer it beforehand"
        return None
    if moved or status not in REFUSED:
        return f"{said}; the oracle refuses it"
    if offered:
        return f"refused, yet steps/ offered {action}"
    if status == 403 and channel == "page" and not ("只有" in response.content.decode() or "无权" in
                                                      response.content.decode()):
        return f"{said}: the 403 page gives no reason"
    return None


@pytest.mark.parametrize("channel", ["page", "api"])
def test_the_office_an_item_was_forwarded_to_declines_it(channel, tree, client):
    """Declining answers a forward, two levels above the item, beyond the battery's one-level relations: an item
    from the village goes to the township office, which forwards it to the county; the county office declines it
    and the township office, which forwarded it, may not."""
    world = _world(tree)
    township, county = tree.person(Role.OFFICE, tree.t1), tree.person(Role.OFFICE, tree.county)
    with acting_as(None, source="test"):
        record = item("submit", "accept", "forward")(tree.v1, world)
    drive = DRIVES[("information.ITEMS", "decline")]
    for user, want in ((township, False), (county, True)):
        client.force_login(user)
        with rolled_back():
            failure = _attempt(client, drive, channel, record, type(record), want, user, "decline")
        assert failure is None, f"{user}: {failure}"


def test_a_refused_step_page_is_a_403_with_the_reason_and_a_wrong_state_a_redirect_with_the_message(tree, client):
    from tuanjie.commendations.models import Nomination

    world = _world(tree)
    with acting_as(None, source="test"):
        record = nomination(tree.u1, world)
    client.force_login(tree.person(Role.OFFICE, tree.t1))  # the campaign's office: it may not withdraw the unit's
    response = client.post(f"/commendations/nominations/{record.pk}/withdraw/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page and "只有推荐单位的创建单位工作人员可以撤回推荐" in page
    Nomination.objects.filter(pk=record.pk).update(status=Nomination.Status.WITHDRAWN)
    client.force_login(tree.person(Role.UNIT, tree.u1))
    response = client.post(f"/commendations/nominations/{record.pk}/withdraw/", follow=True)
    assert response.redirect_chain and response.status_code == 200
    assert "不能撤回推荐" in response.content.decode()
