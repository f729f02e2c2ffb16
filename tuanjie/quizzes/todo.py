"""What awaits a staff member beyond any workflow: a test or quiz open now for their unit that they have not
handed in yet (it leaves the list the moment they do, or when it closes)."""

from django.utils.translation import gettext_lazy as _

from tuanjie.core.todo import Source
from tuanjie.quizzes.models import Quiz
from tuanjie.quizzes.selectors import open_tests_for


def _to_take(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return (Quiz.objects.filter(pk__in=open_tests_for(user).values("quiz_id"))
            .exclude(attempts__person=user, attempts__submitted_at__isnull=False).order_by("closes_at"))


TODO = [Source("quizzes.quiz.to_take", _("待参加的测试"), _to_take, ("place",))]
