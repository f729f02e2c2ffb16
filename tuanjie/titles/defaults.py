"""Default title levels and step chains (seed 000 篇9): unit applies → county 初审 → city 审核推荐 (quota) →
province 验收 → 命名授牌; and the areas' titles (示范村、示范乡镇、示范县), whose chain is the offices above the
area. Offices edit these; provinces differ."""

# name, order, validity years, re-inspection years, re-inspector level, default subsidy (万元), steps,
# then for an area's title: (subject level name, title name, conferring body outside the platform)
# each step: (name, kind, office level name)
UNIT_TITLE = "民族团结进步创建示范单位"
TITLE_LEVELS = [
    ("县级", 10, 3, 2, "县", "1.00", [
        ("初审", "review", "乡"), ("验收", "inspect", "县"), ("命名授牌", "name", "县")], None),
    ("市级", 20, 4, 2, "市", "3.00", [
        ("初审", "review", "县"), ("验收", "inspect", "市"), ("命名授牌", "name", "市")], None),
    ("省级", 30, 5, 3, "省", "10.00", [
        ("初审", "review", "县"), ("审核推荐", "recommend", "市"), ("验收", "inspect", "省"),
        ("命名授牌", "name", "省")], None),
    ("全国", 40, 5, 3, "省", "0.00", [
        ("初审", "review", "县"), ("审核推荐", "recommend", "市"), ("推荐报送", "review", "省"),
        ("录入命名结果", "name", "省")], None),
    ("县级示范村", 11, 3, 2, "县", "2.00", [
        ("初审", "review", "乡"), ("验收", "inspect", "县"), ("命名授牌", "name", "县")],
     ("村", "民族团结进步示范村（社区）", "")),
    ("市级示范乡镇", 21, 4, 2, "市", "5.00", [
        ("初审", "review", "县"), ("验收", "inspect", "市"), ("命名授牌", "name", "市")],
     ("乡", "民族团结进步示范乡镇（街道）", "")),
    ("省级示范县", 31, 5, 3, "省", "50.00", [
        ("审核推荐", "recommend", "市"), ("验收", "inspect", "省"), ("命名授牌", "name", "省")],
     ("县", "民族团结进步示范县（市、区）", "")),
    ("全国示范县", 41, 5, 3, "省", "0.00", [
        ("审核推荐", "recommend", "市"), ("推荐报送", "review", "省"), ("国家民委命名", "name", "省")],
     ("县", "全国民族团结进步示范县（市、区）", "国家民委")),
]


def ensure(place_level_model=None, title_level_model=None, step_model=None) -> None:
    """Create the default title levels and chains that are missing (data migrations; tests after a flush). A
    migration's model from before areas could hold titles gets the units' levels only."""
    from decimal import Decimal

    if place_level_model is None:
        from tuanjie.places.models import PlaceLevel
        from tuanjie.titles.models import TitleLevel, TitleStep

        place_level_model, title_level_model, step_model = PlaceLevel, TitleLevel, TitleStep
    for_areas = any(f.name == "subject_level" for f in title_level_model._meta.get_fields())
    levels = {lv.name: lv for lv in place_level_model.objects.all()}
    for name, order, validity, reinspect, reinspector, subsidy, steps, area in TITLE_LEVELS:
        if area is not None and not for_areas:
            continue
        defaults = {"order": order, "validity_years": validity, "reinspection_years": reinspect,
                    "reinspector_level": levels[reinspector], "default_subsidy": Decimal(subsidy),
                    "title_name": UNIT_TITLE}
        if area is not None:
            subject, title_name, body = area
            defaults.update(subject_level=levels[subject], title_name=title_name, conferring_body=body)
        level, created = title_level_model.objects.get_or_create(name=name, defaults=defaults)
        if created:
            for i, (step_name, kind, office_level) in enumerate(steps, start=1):
                step_model.objects.create(title_level=level, order=i * 10, name=step_name, kind=kind,
                                          office_level=levels[office_level])
