from django.utils.translation import gettext_lazy as _

from tuanjie.core.countables import Countable

COUNTABLES = [
    Countable(key="plan.progress", label=_("报送任务进展"), model="plans.TaskProgress", date_field="reported_on",
              unit="次"),
]
