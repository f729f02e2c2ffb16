"""The demo county's supervision in spring 2026, as seed 002 tells it: four rounds between mid-April and early
June (a special inspection, a mutual inspection among townships, the city's supervisory survey in late May and a
follow-up round), highlights and problems per unit, rectification items in every state (some overdue), and two
talks with heads of lagging units. Everything is written through the services, so the history is complete."""

from datetime import date, timedelta

from tuanjie.core.roles import Role
from tuanjie.inspections import services
from tuanjie.inspections.models import Finding, Rectification, Round
from tuanjie.people.selectors import people_with_role

HIGHLIGHTS = [
    "打造民族团结进步宣传长廊，各族群众参与度高，氛围浓厚",
    "“石榴籽”宣讲队深入一线开展宣讲，形式新颖、群众欢迎",
    "建立创建工作台账，资料分类归档规范，图文并茂",
    "结对认亲常态化开展，干部走访记录完整，为群众办实事成效明显",
    "将创建工作与业务工作深度融合，形成“民族团结+”特色做法",
    "主题班会、知识竞赛等活动经常性开展，铸牢中华民族共同体意识教育入脑入心",
    "利用节庆活动组织各族群众联谊，交往交流交融氛围浓厚",
]
PROBLEMS = [
    ("对创建工作重视不够，主要负责人未专题研究部署", "召开党组（党委）会议专题研究创建工作，制定整改措施并报送会议纪要"),
    ("创建工作台账不完整，活动资料未及时归档", "按照台账模板补齐全年活动资料，图文资料分类归档"),
    ("宣传氛围不浓，阵地建设滞后", "在办公场所醒目位置设置创建宣传栏，更新宣传内容"),
    ("信息报送不及时，全年报送数量未达要求", "明确信息员，每月报送信息不少于2条"),
    ("干部职工对民族政策知识掌握不够", "组织一次民族理论政策专题培训并开展测试"),
    ("示范点打造进度滞后，未按期完成", "制定示范点打造时间表，6月中旬前完成建设任务"),
]
ANSWERS = [
    "已召开专题会议研究部署，制定了整改方案，相关资料已上传",
    "已按要求补齐活动台账，资料已分类归档",
    "已在办公楼一楼大厅设置宣传栏并更新内容",
    "已明确专人负责信息报送，本月已报送信息3条",
]


def _inspectors(world):
    return people_with_role(Role.INSPECTOR, world.county, upward=False)


def build(world) -> None:
    rng = world.rng
    office = world.people["xianban"]
    city_office = world.people["shiban"]
    inspectors = _inspectors(world)
    leader = world.people["ducha"]
    agencies = [u for u in world.units if u.creation_field and u.creation_field.name in {"机关", "学校", "企业",
                                                                                           "医院", "景区", "园区"}]
    county_units = [u for u in agencies if u.depth == world.county.depth + 1]
    township_units = [u for u in agencies if u.depth > world.county.depth + 1]

    def team(extra=()):
        members = [{"name": leader.full_name, "title": "督查组组长", "is_leader": True, "user": leader}]
        members += [{"name": p.full_name, "title": "督查组成员", "user": p} for p in inspectors if p != leader][:2]
        members += list(extra)
        return members

    rounds = [
        (office, world.county, "2026年第一轮民族团结进步创建专项督查", Round.Kind.SPECIAL,
         date(2026, 4, 13), date(2026, 4, 17), rng.sample(county_units, 8) + rng.sample(township_units, 4),
         "创建工作部署落实、规定动作完成、台账资料和示范点打造情况", team(), "团创办〔2026〕6号"),
        (office, world.county, "2026年乡镇互观互检互评", Round.Kind.MUTUAL,
         date(2026, 4, 20), date(2026, 4, 24), rng.sample(township_units, 8),
         "各乡镇（街道）交叉观摩示范点，互查台账，互评打分",
         team([{"name": "韩丽娟", "title": "城关镇党委委员"}, {"name": "石榴镇创建办", "title": "互检组"}]),
         "团创办〔2026〕9号"),
        (city_office, world.city, "市政协民族团结进步创建工作监督性调研", Round.Kind.SURVEY,
         date(2026, 5, 25), date(2026, 5, 27), rng.sample(county_units, 5),
         "市政协调研组对我县创建工作开展监督性调研",
         [{"name": "林立新", "title": "市创建办干部", "is_leader": True, "user": city_office},
          {"name": "市政协民宗委调研组", "title": "调研组"}], "和创办〔2026〕4号"),
        (office, world.county, "2026年第二轮跟踪督查（回头看）", Round.Kind.FOLLOW_UP,
         date(2026, 6, 8), date(2026, 6, 12), rng.sample(county_units, 6) + rng.sample(township_units, 4),
         "第一轮督查问题整改落实情况“回头看”", team(), "团创办〔2026〕12号"),
    ]
    items: list[tuple[Rectification, object]] = []
    lagging = []
    for user, place, title, kind, start, end, units, purpose, members, notice_no in rounds:
        round_ = services.round_create(by=user, place=place, title=title, kind=kind, start_date=start,
                                       end_date=end, units=units, team=members, purpose=purpose)
        recorder = leader if place == world.county else user
        for unit in units:
            if rng.random() < 0.6:
                services.finding_record(by=recorder, round_=round_, unit=unit, kind=Finding.Kind.HIGHLIGHT,
                                        text=rng.choice(HIGHLIGHTS))
            if rng.random() < 0.55:
                problem, requirement = rng.choice(PROBLEMS)
                finding = services.finding_record(by=recorder, round_=round_, unit=unit,
                                                  kind=Finding.Kind.PROBLEM, text=problem)
                deadline = end + timedelta(days=rng.choice([15, 20, 30]))
                if kind == Round.Kind.FOLLOW_UP and len(items) % 3 == 0:
                    deadline = date(2026, 12, 31)        # a few still within their time limit
                items.append((services.rectification_create(by=user, finding=finding, requirement=requirement,
                                                            deadline=deadline), user))
                if kind == Round.Kind.SPECIAL and len(lagging) < 2:
                    lagging.append((round_, unit, problem))
        services.round_close(by=user, round_=round_, notice_no=notice_no, notice_date=end + timedelta(days=5),
                             conclusion="从督查情况看，大多数单位能够按照县委部署扎实推进创建工作，"
                                        "但个别单位重视不够、推进不力，工作相对滞后。")
    _walk_items(world, items, leader, rng)
    for (round_, unit, problem), day in zip(lagging, (date(2026, 4, 28), date(2026, 6, 15)), strict=False):
        services.talk_record(by=office, unit=unit, date=day, interviewee_post="单位主要负责人",
                             interviewer="县委常委、统战部部长", reason=problem, round_=round_,
                             content=f"针对督查发现的“{problem}”问题，指出创建工作推进不力，要求提高认识、"
                                     "压实责任，限期完成整改。",
                             follow_up="该单位已召开专题会议研究整改，明确分管领导和具体责任人。")


def _walk_items(world, items, inspector, rng) -> None:
    """Move the items into every state: verified, answered (awaiting check), returned, and open (some overdue)."""
    for index, (item, office) in enumerate(items):
        staff = world.staff_by_unit.get(item.unit_id)
        if staff is None:
            continue
        share = index % 6
        if share == 5 or item.deadline.month == 12:
            continue                                  # still open; overdue once its deadline has passed
        services.rectification_answer(by=staff, item=item, answer=rng.choice(ANSWERS))
        if share in (0, 1, 2):
            verifier = inspector if share == 0 and office == world.people["xianban"] else office
            services.rectification_verify(by=verifier, item=item, comment="经实地核查，整改到位，予以销号")
        elif share == 3:
            services.rectification_send_back(by=office, item=item,
                                             comment="佐证材料不充分，请补充会议纪要和现场照片")
