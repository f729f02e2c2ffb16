"""Default title levels and step chains (seed 000 篇9): unit applies → county 初审 → city 审核推荐 (quota) →
province 验收 → 命名授牌. Offices edit these; provinces differ."""

# name, order, validity years, re-inspection years, re-inspector level, default subsidy (万元), steps
# each step: (name, kind, office level name)
TITLE_LEVELS = [
    ("县级", 10, 3, 2, "县", "1.00", [
        ("初审", "review", "乡"), ("验收", "inspect", "县"), ("命名授牌", "name", "县")]),
    ("市级", 20, 4, 2, "市", "3.00", [
        ("初审", "review", "县"), ("验收", "inspect", "市"), ("命名授牌", "name", "市")]),
    ("省级", 30, 5, 3, "省", "10.00", [
        ("初审", "review", "县"), ("审核推荐", "recommend", "市"), ("验收", "inspect", "省"),
        ("命名授牌", "name", "省")]),
    ("全国", 40, 5, 3, "省", "0.00", [
        ("初审", "review", "县"), ("审核推荐", "recommend", "市"), ("推荐报送", "review", "省"),
        ("录入命名结果", "name", "省")]),
]


def ensure(place_level_model=None, title_level_model=None, step_model=None) -> None:
    """Create the default title levels and chains that are missing (data migration; tests after a flush)."""
    from decimal import Decimal

    if place_level_model is None:
        from tuanjie.places.models import PlaceLevel
        from tuanjie.titles.models import TitleLevel, TitleStep

        place_level_model, title_level_model, step_model = PlaceLevel, TitleLevel, TitleStep
    levels = {lv.name: lv for lv in place_level_model.objects.all()}
    for name, order, validity, reinspect, reinspector, subsidy, steps in TITLE_LEVELS:
        level, created = title_level_model.objects.get_or_create(name=name, defaults={
            "order": order, "validity_years": validity, "reinspection_years": reinspect,
            "reinspector_level": levels[reinspector], "default_subsidy": Decimal(subsidy),
            "title_name": "民族团结进步创建示范单位"})
        if created:
            for i, (step_name, kind, office_level) in enumerate(steps, start=1):
                step_model.objects.create(title_level=level, order=i * 10, name=step_name, kind=kind,
                                          office_level=levels[office_level])
