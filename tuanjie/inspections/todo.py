"""What awaits an office beyond the rectification steps: problems in its subtree past their deadline."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import reach_q
from tuanjie.core.roles import Role
from tuanjie.core.todo import Source
from tuanjie.inspections.models import Rectification
from tuanjie.inspections.selectors import overdue_rectifications


def _overdue(user):
    q = reach_q(user, {Role.OFFICE, Role.INSPECTOR}, "unit__path")
    return None if q is None else overdue_rectifications(timezone.localdate(), Rectification.objects.filter(q))


TODO = [Source("inspections.rectification.overdue", _("逾期未整改的问题"), _overdue, ("unit", "finding__round"))]
