"""The demo county's pairing programme: every unit with cadres runs one, with groups, about 300 pairs with
fictional households in a linked village, a year of monthly contacts (some missed), needs in every state, group
summaries, and the traditional festivals of all groups. Programmes and groups go through the services; the
thousands of households, pairs, contacts and needs are created in bulk (the demo must build in seconds) with their
change-log entries written alongside, and the analytics demo rebuilds the facts afterwards."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from tuanjie.core.bulk import insert_new
from tuanjie.core.changelog import log_bulk_created
from tuanjie.core.roles import Role
from tuanjie.demo import names
from tuanjie.pairing import services
from tuanjie.pairing.models import Contact, Festival, GroupSummary, Household, Need, NeedStep, Pair
from tuanjie.pairing.selectors import month_bounds
from tuanjie.people.services import role_grant

FESTIVALS = {
    2026: [("春节", "02-17"), ("藏历新年", "02-18"), ("元宵节", "03-03"), ("肉孜节", "03-20"), ("清明节", "04-05"),
           ("泼水节", "04-13"), ("三月三", "04-19"), ("古尔邦节", "05-27"), ("端午节", "06-19"), ("那达慕", "07-11"),
           ("火把节", "08-06"), ("中秋节", "09-25"), ("重阳节", "10-18")],
    2027: [("春节", "02-06"), ("藏历新年", "02-07"), ("元宵节", "02-20"), ("肉孜节", "03-10"), ("清明节", "04-05"),
           ("泼水节", "04-13"), ("三月三", "04-09"), ("古尔邦节", "05-16"), ("端午节", "06-09"), ("那达慕", "07-11"),
           ("火把节", "07-27"), ("中秋节", "09-15"), ("重阳节", "10-08")],
}
TOPICS = ["拉家常，了解家里生产生活情况", "宣讲惠民政策和医保报销办法", "了解孩子上学情况", "一起商量葡萄晾晒和销售",
          "宣讲法律常识，讲解土地承包政策", "节日走访看望，互致问候", "了解家里老人身体状况", "交流种植养殖技术",
          "电话问候，询问近况", "一起参加村里文化活动"]
DEEDS = ["帮助联系农技员指导果树修剪", "送去米、面、油等慰问品", "帮助孩子办理助学金申请", "陪同老人到卫生院体检",
         "帮助联系县人社局参加技能培训", "帮忙修缮院墙", "代购农资化肥", "帮助在网上销售农产品"]
NEEDS = [("employment", "家中年轻人希望到县城务工，想参加技能培训"), ("schooling", "孩子上高中需要办理助学金"),
         ("medical", "老人慢性病，希望办理门诊慢特病待遇"), ("housing", "房屋漏雨，需要修缮"),
         ("livelihood", "农产品销路不畅，希望帮助联系销售"), ("legal", "与邻居有宅基地界址纠纷，希望法律咨询"),
         ("other", "希望村里路灯维修")]
FORMS = [Contact.Form.VISIT] * 11 + [Contact.Form.PHONE] * 4 + [Contact.Form.WECHAT] * 3 + [Contact.Form.GATHERING] * 2


def _name(rng) -> str:
    return rng.choice(names.SURNAMES) + "".join(rng.sample(names.GIVEN, 2 if rng.random() < 0.7 else 1))


def _months(start: date, today: date):
    month = start.replace(day=1)
    while month <= today:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def _bulk(objs: list) -> list:
    """Insert the records at once, with the change-log entries saving them one by one would have written."""
    insert_new(objs)
    log_bulk_created(objs)
    return objs


def build(world) -> None:
    rng = world.rng
    today = timezone.localdate()
    start = (today - timedelta(days=365)).replace(day=1)

    for year, days in FESTIVALS.items():
        for name, month_day in days:
            Festival.objects.create(place=world.county, name=name, date=date.fromisoformat(f"{year}-{month_day}"))

    school = next(u for u in world.units if u.name == "团结县第一中学")
    cadres_by_unit: dict[int, list] = {}
    for cadre in world.cadres:
        cadres_by_unit.setdefault(cadre.home_place_id, []).append(cadre)
    cadres_by_unit.setdefault(school.pk, []).insert(0, world.people["ganbu"])
    units = {u.pk: u for u in world.units}
    township_villages: dict[str, list] = {}
    for village in world.villages:
        township_villages.setdefault(village.path[:-village.steplen], []).append(village)

    plan = []   # (group, unit, cadre, village)
    for unit_id, cadres in cadres_by_unit.items():
        unit = units[unit_id]
        villages = township_villages.get(unit.path[:-unit.steplen]) or world.villages
        linked = rng.sample(villages, min(2 if unit == school else 1, len(villages)))
        programme = services.programme_create(by=None, place=unit, name="“民族团结一家亲”结对认亲活动",
                                              started_on=start)
        leaders = [world.people["zuzhang"], world.staff_by_unit[unit.pk]] if unit == school else \
            [world.staff_by_unit[unit.pk]]
        groups = []
        for leader, village in zip(leaders, linked, strict=False):
            if leader.username != "zuzhang":
                role_grant(by=None, user=leader, role=Role.GROUP_LEADER, place=unit)
            groups.append((services.group_create(by=None, programme=programme, name=f"{village.name}分组",
                                                 leader=leader), village))
        for i, cadre in enumerate(cadres):
            group, village = groups[i % len(groups)]
            for _ in range(3 if cadre.username == "ganbu" else rng.choice((2, 3, 3, 3))):
                plan.append((group, unit, cadre, village))

    households = _bulk([Household(
        programme=group.programme, name=_name(rng),
        address=f"{village.name}{rng.randint(1, 8)}组{rng.randint(1, 60)}号",
        phone=f"13{rng.randrange(10**9):09d}", size=rng.randint(2, 7),
        consent_on=start + timedelta(days=rng.randint(0, 20)),
        consent_method=rng.choice(["written", "written", "oral", "electronic"])) for group, _u, _c, village in plan])
    pairs = [Pair(group=group, unit=unit, cadre=cadre, household=household,
                  paired_on=household.consent_on + timedelta(days=rng.randint(0, 10)))
             for (group, unit, cadre, _v), household in zip(plan, households, strict=True)]
    # Many-to-one: in each programme one household also has its group leader paired with it.
    seen = set()
    for pair in list(pairs):
        if pair.group.programme_id not in seen and pair.group.leader_id != pair.cadre_id:
            seen.add(pair.group.programme_id)
            pairs.append(Pair(group=pair.group, unit=pair.unit, cadre=pair.group.leader, household=pair.household,
                              paired_on=pair.paired_on))
    _bulk(pairs)

    contacts = []
    for pair in pairs:
        contacts.extend(_contacts(rng, pair, today, ganbu=pair.cadre.username == "ganbu"))
    _bulk(contacts)
    _needs(rng, pairs, today)
    _summaries(rng, today, {g for g, *_rest in plan})


def _contacts(rng, pair, today, ganbu=False) -> list:
    out = []
    for month in _months(pair.paired_on, today):
        first, last = month_bounds(month)
        first, last = max(first, pair.paired_on), min(last, today)
        missed = rng.random() < (0.05 if ganbu else 0.12)
        if missed or (month.year, month.month) == (today.year, today.month) and rng.random() < 0.4:
            continue
        for _ in range(2 if rng.random() < 0.15 else 1):
            day = first + timedelta(days=rng.randint(0, max((last - first).days, 0)))
            did = rng.random() < 0.35
            out.append(Contact(pair=pair, unit=pair.unit, group=pair.group, date=day, form=rng.choice(FORMS),
                               topic=rng.choice(TOPICS), deeds=rng.choice(DEEDS) if did else "",
                               cost=Decimal(rng.choice((50, 80, 120, 200, 300))) if did else Decimal("0"),
                               recorded_by=pair.cadre))
    return out


# Paths through services.NEED_TRANSITIONS: (action, state after, who acts, note)
S = Need.State
PATHS = [
    [],
    [("solve_by_cadre", S.SOLVED, "cadre", "已帮助办理")],
    [("escalate_to_group", S.GROUP, "cadre", "")],
    [("escalate_to_group", S.GROUP, "cadre", ""), ("solve_by_group", S.SOLVED, "leader", "分组协调相关部门解决")],
    [("escalate_to_group", S.GROUP, "cadre", ""), ("escalate_to_leadership", S.LEADERSHIP, "leader", "")],
    [("escalate_to_group", S.GROUP, "cadre", ""), ("escalate_to_leadership", S.LEADERSHIP, "leader", ""),
     ("solve_by_leadership", S.SOLVED, "office", "单位党组研究后协调解决")],
    [("close_by_cadre", S.CLOSED, "cadre", "经了解已自行解决，群众同意关闭")],
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def _needs(rng, pairs, today) -> None:
    """Needs in every state, with the history each step of the transition table would have written."""
    ganbu_pairs = [p for p in pairs if p.cadre.username == "ganbu"]
    chosen = ganbu_pairs + [p for p in pairs if p.cadre.username != "ganbu" and rng.random() < 0.45]
    needs, histories = [], []
    for i, pair in enumerate(chosen):
        category, text = rng.choice(NEEDS)
        age = (today - pair.paired_on).days
        raised = min(pair.paired_on + timedelta(days=rng.randint(10, max(11, age - 5))), today)
        path = PATHS[i % len(PATHS)] if i < 2 * len(PATHS) else rng.choice(PATHS)
        need = Need(pair=pair, unit=pair.unit, group=pair.group, category=category, description=text,
                    raised_on=raised)
        steps = [NeedStep(action="提出诉求", from_state="", to_state=S.RAISED, by=pair.cadre, at=_at(raised))]
        when = raised
        for action, state, who, note in path:
            when = min(when + timedelta(days=rng.randint(3, 20)), today)
            actor = {"cadre": pair.cadre, "leader": pair.group.leader, "office": None}[who]
            steps.append(NeedStep(action=services.NEED_TRANSITIONS[action].label, from_state=need.state,
                                  to_state=state, by=actor, at=_at(when), note=note))
            need.state = state
            need.escalated = need.escalated or state in (S.GROUP, S.LEADERSHIP)
            if state in (S.SOLVED, S.CLOSED):
                need.resolved_on, need.resolution = when, note
        needs.append(need)
        histories.append(steps)
    _bulk(needs)
    steps = []
    for need, history in zip(needs, histories, strict=True):
        for step in history:
            step.need = need
            steps.append(step)
    _bulk(steps)


def _summaries(rng, today, groups) -> None:
    months = list(_months(today - timedelta(days=160), today))[:-1]
    summaries = [GroupSummary(group=group, unit=group.programme.place, month=month, submitted_by=group.leader,
                              submitted_on=min(month_bounds(month)[1] + timedelta(days=3), today),
                              text=f"本月{group.name}结对干部按要求走访联系结对户，宣讲惠民政策，帮助解决生产生活困难。"
                                   "下月将继续做好入户走访和诉求办理。")
                 for group in sorted(groups, key=lambda g: g.pk) for month in months if rng.random() > 0.15]
    _bulk(summaries)
