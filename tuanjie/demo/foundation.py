import random
from dataclasses import dataclass, field

from django.db import transaction

from tuanjie.core.roles import Role
from tuanjie.demo import names
from tuanjie.leadership.models import Member
from tuanjie.leadership.services import leading_group_create
from tuanjie.people.services import user_create
from tuanjie.places.models import CreationField, Place, PlaceLevel
from tuanjie.places.services import place_create

DEMO_PASSWORD = "Tuanjie@2026"
PROVINCE_CODE = "910000000000"   # the 91 prefix is not used by any real province: the demo is clearly fictional


@dataclass
class World:
    """What the foundation built, for the apps' demo builders to hang their work on."""

    rng: random.Random
    province: Place
    city: Place
    county: Place
    neighbour: Place
    townships: list = field(default_factory=list)
    villages: list = field(default_factory=list)
    units: list = field(default_factory=list)         # creation units of the county (not villages)
    people: dict = field(default_factory=dict)        # login name -> User for the demo logins
    cadres: list = field(default_factory=list)
    staff_by_unit: dict = field(default_factory=dict)  # unit pk -> User


LOGINS = [
    # login, name, title, place key, role, description
    ("admin", "系统管理员", "平台管理员", "province", Role.ADMIN, "系统管理员（全部数据）"),
    ("shengban", "周文华", "省创建办干部", "province", Role.OFFICE, "同心省创建办"),
    ("shiban", "林立新", "市创建办干部", "city", Role.OFFICE, "和睦市创建办"),
    ("xianban", "马晓燕", "县委统战部干部", "county", Role.OFFICE, "团结县创建办（本演示的主角）"),
    ("lingdao", "赵建国", "县委副书记", "county", Role.LEADER, "团结县领导（只读）"),
    ("ducha", "钱卫东", "督查组组长", "county", Role.INSPECTOR, "团结县督查组"),
    ("xiangban", "韩丽娟", "镇党委委员", "township", Role.OFFICE, "城关镇创建办（看不到其他乡镇）"),
    ("danwei", "何志强", "办公室主任", "school", Role.UNIT, "团结县第一中学（创建单位）"),
    ("zuzhang", "彭海涛", "结对分组组长", "school", Role.GROUP_LEADER, "第一中学结对分组负责人"),
    ("ganbu", "吴玉兰", "教师", "school", Role.CADRE, "第一中学结对干部"),
    ("youyi", "潘国庆", "县委统战部干部", "neighbour", Role.OFFICE, "友谊县创建办（邻县，看不到团结县）"),
]


def _person_name(rng: random.Random) -> str:
    given = rng.choice(names.GIVEN) + (rng.choice(names.GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(names.SURNAMES) + given[:2]


def _area(parent, name, code, level) -> Place:
    return place_create(parent=parent, kind=Place.Kind.AREA, name=name, code=code, level=level)


def _unit(parent, name, field_obj, code) -> Place:
    return place_create(parent=parent, kind=Place.Kind.UNIT, name=name, code=code, creation_field=field_obj)


@transaction.atomic
def build_foundation(seed: int = 2026) -> World:
    from tuanjie.places.defaults import ensure

    rng = random.Random(seed)
    ensure()   # the levels and fields the data migration made; a flushed database (browser tests) lacks them
    level = {lv.name: lv for lv in PlaceLevel.objects.all()}
    fields = {f.name: f for f in CreationField.objects.all()}

    province = _area(None, "同心省", PROVINCE_CODE, level["省"])
    city = _area(province, "和睦市", "910100000000", level["市"])
    county = _area(city, "团结县", "910102000000", level["县"])
    neighbour = _area(city, "友谊县", "910103000000", level["县"])
    world = World(rng=rng, province=province, city=city, county=county, neighbour=neighbour)

    for i, (name, _kind) in enumerate(names.TOWNSHIPS, start=1):
        township = _area(county, name, f"910102{i:03d}000", level["乡"])
        township.creation_field = fields["乡镇街道"]
        township.save()
        world.townships.append(township)
        stems = rng.sample(names.VILLAGE_STEMS, 10)
        for j, stem in enumerate(stems, start=1):
            suffix = "社区" if name.endswith("街道") or (j <= 2 and name.endswith("镇")) else "村"
            village = _area(township, f"{stem}{suffix}", f"910102{i:03d}{j:03d}", level["村"])
            village.creation_field = fields["村居社区"]
            village.save()
            world.villages.append(village)
        for k, (pattern, field_name) in enumerate(names.TOWNSHIP_UNITS, start=1):
            world.units.append(_unit(township, pattern.format(t=name), fields[field_name], f"TJX-{i:02d}-{k:02d}"))
        # Demonstration households and shops in some villages
        for v, village in enumerate(world.villages[-10:][:2], start=1):
            world.units.append(_unit(village, f"{village.name}民族团结示范户", fields["示范户/家庭"], f"TJX-{i:02d}-H{v}"))
    for k, (name, field_name) in enumerate(names.COUNTY_UNITS, start=1):
        world.units.append(_unit(county, name, fields[field_name], f"TJX-00-{k:02d}"))

    # The neighbouring county: enough to show that its data stays its own.
    for i, name in enumerate(["友谊镇", "和美乡", "新村镇"], start=1):
        township = _area(neighbour, name, f"910103{i:03d}000", level["乡"])
        for j, stem in enumerate(["东风", "红山", "平安"], start=1):
            _area(township, f"{stem}村", f"910103{i:03d}{j:03d}", level["村"])
        _unit(township, f"{name}人民政府", fields["机关"], f"YYX-{i:02d}-01")
    _unit(neighbour, "友谊县民族中学", fields["学校"], "YYX-00-01")

    _build_people(world)
    _build_leading_groups(world)
    return world


def _build_people(world: World) -> None:
    places = {
        "province": world.province, "city": world.city, "county": world.county, "neighbour": world.neighbour,
        "township": world.townships[0],
        "school": next(u for u in world.units if u.name == "团结县第一中学"),
    }
    for login, full_name, title, key, role, _desc in LOGINS:
        user = user_create(by=None, username=login, full_name=full_name, home_place=places[key],
                           password=DEMO_PASSWORD, title=title, roles=(role,))
        if login == "admin":
            user.is_superuser = user.is_staff = True
            user.save()
        world.people[login] = user
    # Each login holds exactly the one role the README gives it: the group leader and the cadre are not also unit
    # staff, or they would see the whole school's programme instead of their group and their own pairs.
    from tuanjie.demo.twofactor import enrol_demo_people

    enrol_demo_people(world.people.values())   # offices, inspector, admin: the published TOTP secret (README)

    rng = world.rng
    seq = 0

    def person(place, title, roles):
        nonlocal seq
        seq += 1
        return user_create(by=None, username=f"u{seq:04d}", full_name=_person_name(rng), home_place=place,
                           title=title, phone=f"139{rng.randrange(10**8):08d}", roles=roles)

    for township in world.townships:
        person(township, "乡镇创建办干部", (Role.OFFICE,))
    for unit in world.units:
        world.staff_by_unit[unit.pk] = person(unit, "创建工作联络员", (Role.UNIT,))
        if unit.creation_field and unit.creation_field.name in {"机关", "学校", "医院", "军（警）营"}:
            for _ in range(1 + (unit.name.endswith("人民政府") or unit.name.startswith(("团结县", "中共")))):
                world.cadres.append(person(unit, "结对干部", (Role.CADRE,)))
    for _ in range(3):
        person(world.county, "督查组成员", (Role.INSPECTOR,))
    for _ in range(2):
        person(world.county, "县领导", (Role.LEADER,))
    for village in world.villages[::10]:
        person(village, "村创建联络员", (Role.UNIT,))


def _build_leading_groups(world: World) -> None:
    units = {u.name: u for u in world.units}
    county_members = [
        (Member.Position.LEADER, "县委书记"), (Member.Position.LEADER, "县长"),
        (Member.Position.DEPUTY, "县委常委、统战部部长"), (Member.Position.DEPUTY, "副县长"),
    ] + [(Member.Position.MEMBER, f"{name.replace('团结县', '').replace('中共团结县委', '县委')}主要负责人")
         for name in list(units)[:12] if units[name].creation_field.name == "机关"] + [
        (Member.Position.OFFICE_DIRECTOR, "县委统战部副部长、县民宗局局长"),
        (Member.Position.OFFICE_STAFF, "县民宗局干部"), (Member.Position.OFFICE_STAFF, "县委统战部干部"),
    ]
    leading_group_create(
        place=world.county, document_no="团办发〔2026〕12号", office_location="中共团结县委统战部",
        office_phone="0930-6012345",
        members=[{"position": pos, "name": _person_name(world.rng), "title": title} for pos, title in county_members],
    )
    for township in world.townships:
        leading_group_create(
            place=township, office_location=f"{township.name}党政办公室",
            members=[
                {"position": Member.Position.LEADER, "name": _person_name(world.rng), "title": "党委书记"},
                {"position": Member.Position.DEPUTY, "name": _person_name(world.rng), "title": "乡（镇）长"},
                {"position": Member.Position.MEMBER, "name": _person_name(world.rng), "title": "统战委员"},
                {"position": Member.Position.OFFICE_DIRECTOR, "name": _person_name(world.rng), "title": "统战委员"},
            ],
        )
