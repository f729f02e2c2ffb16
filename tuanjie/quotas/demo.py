"""The quota rules (规定动作) the seeds state, set by the demo county's office for 2026."""

from tuanjie.places.models import CreationField
from tuanjie.quotas.services import quota_rule_create

YEAR = 2026

# name, countable, minimum, period, creation fields (empty = every unit), basis
RULES = [
    ("每月报送创建信息不少于2条", "information.submitted", 2, "month",
     ["机关", "乡镇街道", "学校", "医院", "企业"], "领导小组办公室职责：各单位每月报送信息不少于2条"),
    ("党委（党组）每年听取创建工作汇报不少于2次", "activity.report_hearing", 2, "year", ["机关", "乡镇街道"],
     "实施方案保障措施：各级党委（党组）每年听取创建工作情况汇报不少于2次"),
    ("每年开展民族理论和政策培训不少于2次", "activity.training", 2, "year", ["机关", "乡镇街道", "学校", "企业"],
     "实施方案保障措施：各级党组织每年开展民族理论和政策培训不少于2次"),
    ("每季度到帮扶联系点走访慰问不少于1次", "activity.assistance", 1, "quarter", ["机关"],
     "领导小组办公室职责：每季度到帮扶联系点开展活动不少于1次"),
    ("每年组织参观民族团结进步教育基地不少于1次", "activity.study_visit", 1, "year", ["机关", "学校"],
     "领导小组办公室职责：每年组织干部职工参观教育基地不少于1次"),
    ("结对干部每月入户联系不少于1次", "pairing.contact", 1, "month", ["机关", "学校", "医院", "军（警）营"],
     "结对认亲活动方案：结对干部每月与结对户见面不少于1次"),
    ("每季度开展互访交流不少于1次", "activity.exchange_visit", 1, "quarter", ["乡镇街道"],
     "结对认亲活动方案：结对村之间每季度互访交流"),
    ("每年组织语言学习测试不少于2次", "activity.language_test", 2, "year", ["机关"],
     "结对认亲活动方案：每年组织语言学习测试2次"),
    ("分组每月向领导小组报送月度小结", "pairing.group_summary", 1, "month", ["机关"],
     "结对认亲活动方案：分组每月向领导小组报送小结"),
    ("每季度召开点评会不少于1次", "activity.symposium", 1, "quarter", ["乡镇街道"],
     "结对认亲活动方案：领导小组每季度召开点评会"),
    ("村（社区）每月开展表彰活动不少于1次", "activity.commendation", 1, "month", ["村居社区"],
     "工作进展情况汇报：村级每月开展一次评选表彰"),
    ("每月开展文化活动不少于1次", "activity.performance", 1, "month", ["村居社区"],
     "结对认亲活动方案：每月与结对村开展文化活动"),
]


def build(world) -> None:
    fields = {f.name: f for f in CreationField.objects.all()}
    for name, key, minimum, period, field_names, basis in RULES:
        quota_rule_create(by=None, place=world.county, name=name, year=YEAR, countable=key, minimum=minimum,
                          period=period, basis=basis, creation_fields=[fields[n] for n in field_names if n in fields])
