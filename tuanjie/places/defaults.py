"""Default configuration: levels of the hierarchy and creation fields (editable afterwards in the product).
Themes come from the seed plans (e.g. 社区：邻里和睦一家亲)."""

LEVELS = [
    ("省", 1, "省、自治区、直辖市"),
    ("市", 2, "地级市、自治州、盟"),
    ("县", 3, "县、县级市、市辖区、旗"),
    ("乡", 4, "乡、镇、街道"),
    ("村", 5, "行政村、居委会、社区"),
    ("兵团", 1, "新疆生产建设兵团"),
    ("师", 2, "兵团师（市）"),
    ("团", 3, "兵团团场（镇）"),
    ("连", 4, "兵团连队"),
]

CREATION_FIELDS = [
    ("agency", "机关", "懂政策、讲团结、做表率"),
    ("enterprise", "企业", "在一起、共成长、同心圆"),
    ("township", "乡镇街道", "团结互助同致富"),
    ("community", "村居社区", "邻里和睦一家亲"),
    ("school", "学校", "培植民族团结基因，铸牢中华民族意识"),
    ("religious-venue", "宗教活动场所", "我是一个教民，更是一个公民"),
    ("barracks", "军（警）营", "军民融合鱼水情"),
    ("scenic-area", "景区", "讲好民族团结故事"),
    ("park", "园区", "在一起、共成长、同心圆"),
    ("red-site", "红色圣地", "传承红色基因"),
    ("relocation-site", "易地扶贫搬迁安置点", "搬得出、稳得住、能致富"),
    ("family", "示范户/家庭", "弘扬传统美德，培育良好家风"),
    ("shop", "示范商铺", "诚信经营、团结互助"),
    ("street", "示范街", "邻里和睦一家亲"),
    ("new-orgs", "两新组织", "团结共进步，和谐促发展"),
    ("hospital", "医院", "医者仁心、团结互助"),
]


def ensure(level_model=None, field_model=None) -> None:
    """Create the defaults that are missing (used by the data migration, and after a test flushes tables)."""
    if level_model is None or field_model is None:
        from tuanjie.places.models import CreationField, PlaceLevel

        level_model, field_model = PlaceLevel, CreationField
    for name, rank, description in LEVELS:
        level_model.objects.get_or_create(name=name, defaults={"rank": rank, "description": description})
    for order, (code, name, theme) in enumerate(CREATION_FIELDS, start=1):
        field_model.objects.get_or_create(code=code, defaults={"name": name, "theme": theme, "order": order * 10})
