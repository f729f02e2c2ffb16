"""Records of the inspections app for the generated access battery (built through the services)."""

from datetime import date

from tests.factories import factory


def _office(place, tree):
    from tuanjie.core.roles import Role

    return tree.person(Role.OFFICE, place, f"insp-office-{place.code}")


def _round(place, tree):
    """A round run at `place` itself (an office may own a round at any level; units in scope below it)."""
    from tuanjie.inspections.models import Round, TeamMember

    round_ = Round.objects.create(place=place, title=f"{place.name}专项督查", kind=Round.Kind.SPECIAL,
                                  start_date=date(2026, 4, 10), end_date=date(2026, 4, 20))
    round_.units.add(place)
    TeamMember.objects.create(round=round_, name="钱卫东", title="督查组组长", is_leader=True)
    return round_


def _finding(place, tree, kind="problem"):
    from tuanjie.inspections.models import Finding

    return Finding.objects.create(round=_round(place, tree), unit=place, kind=kind, text="资料归档不规范")


@factory("inspections.Round")
def make_round(place, tree):
    return _round(place, tree)


@factory("inspections.TeamMember")
def make_team_member(place, tree):
    return _round(place, tree).team.first()


@factory("inspections.Finding")
def make_finding(place, tree):
    return _finding(place, tree)


@factory("inspections.Rectification")
def make_rectification(place, tree):
    from tuanjie.inspections.services import rectification_create

    finding = _finding(place, tree)
    return rectification_create(by=_office(place, tree), finding=finding, requirement="补齐档案",
                                deadline=date(2026, 6, 30))


@factory("inspections.RectificationStep")
def make_rectification_step(place, tree):
    return make_rectification(place, tree).steps.first()


@factory("inspections.Talk")
def make_talk(place, tree):
    from tuanjie.inspections.models import Talk

    return Talk.objects.create(place=place, date=date(2026, 5, 20), interviewee_post="单位主要负责人",
                               interviewer="县委统战部副部长", content="创建工作推进缓慢，要求限期整改")
