"""The plans in a year's archive (archives/registry.py): each plan, printed, with its files; its phases, tasks and
reported progress close with it."""
from tuanjie.archives.models import Retention
from tuanjie.archives.registry import Piece
from tuanjie.plans.models import Plan, PlanPhase, PlanTask, TaskProgress

PIECES = [
    Piece("实施方案", "FA", Plan, "year", dated="issued_on", retention=Retention.PERMANENT),
    Piece("实施方案", "FA", PlanPhase, "plan__year", listed=False),
    Piece("实施方案", "FA", PlanTask, "plan__year", listed=False),
    Piece("实施方案", "FA", TaskProgress, "reported_on", listed=False),
]
