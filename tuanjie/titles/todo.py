"""Re-inspections falling due: a named title whose next inspection date has come, for the office that re-inspects
it (no workflow state says so; the date does)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuanjie.core.todo import Source
from tuanjie.titles.models import DemonstrationTitle
from tuanjie.titles.services import offices_at_rank


def _due(user):
    q = offices_at_rank(user, "place__path", "title_level__reinspector_level__rank")
    return None if q is None else DemonstrationTitle.objects.filter(
        q, status=DemonstrationTitle.Status.ACTIVE, next_inspection_due__lte=timezone.localdate())


TODO = [Source("titles.title.reinspection_due", _("复检到期的示范单位"), _due, ("place", "title_level"))]
