from django.utils.translation import gettext_lazy as _

from tuanjie.core.search import Searchable
from tuanjie.plans.models import Plan, PlanTask

SEARCH = [
    Searchable("plans", _("实施方案"), Plan, lambda p: (p.title, f"{p.place} · {p.year}年 · {p.get_status_display()}"),
               "plans:plan_list", "journal-text", related=("place",)),
    Searchable("tasks", _("重点任务"), PlanTask, lambda t: (t.title, f"牵头：{t.lead_unit} · {t.get_status_display()}"),
               "plans:task_list", "list-check", related=("lead_unit",)),
]
