"""How to make one record of each business model at a given place, for the generated access battery.

Every model with `restrict` must have an entry here; tests/access fails for a model without one (the expected
answers are in tests/access/oracle.py).
Apps add theirs with `@factory("app_label.ModelName")` in tests/factories_<app>.py (loaded at the bottom)."""

from collections.abc import Callable

FACTORIES: dict[str, Callable] = {}


def factory(label: str):
    def register(fn):
        FACTORIES[label] = fn
        return fn

    return register


@factory("places.Place")
def make_place(place, tree):
    return place  # a place is its own record


@factory("places.DivisionSync")
def make_division_sync(place, tree):
    from tuanjie.places.models import DivisionSync

    return DivisionSync.objects.create(place=place, code="640121000000", title="永宁县", status="done")


@factory("people.User")
def make_user(place, tree):
    from tuanjie.people.services import user_create

    return user_create(by=None, username=f"rec-{place.code}", full_name=f"人员{place.name}", home_place=place)


@factory("people.RoleAssignment")
def make_assignment(place, tree):
    from tuanjie.core.roles import Role
    from tuanjie.people.services import role_grant, user_create

    user = user_create(by=None, username=f"ra-{place.code}", full_name=f"角色{place.name}", home_place=place)
    return role_grant(by=None, user=user, role=Role.CADRE, place=place)


@factory("core.ChangeLogEntry")
def make_changelog(place, tree):
    from tuanjie.core.models import ChangeLogEntry

    place.save()  # an update writes one entry at this place
    return ChangeLogEntry.objects.filter(place_path=place.path).latest("id")


@factory("core.SecurityEvent")
def make_security_event(place, tree):
    from tuanjie.core.models import SecurityEvent
    from tuanjie.core.security import security_event_record
    from tuanjie.people.services import user_create

    person = user_create(by=None, username=f"se-{place.code}", full_name=f"安全{place.name}", home_place=place)
    return security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, user=person)


@factory("core.DeletedRecord")
def make_deleted(place, tree):
    from tuanjie.core.recyclebin import record_delete
    from tuanjie.leadership.services import leading_group_create

    group = leading_group_create(place=place, members=[{"position": "leader", "name": "王伟", "title": "书记"}])
    return record_delete(by=None, obj=group)


@factory("leadership.LeadingGroup")
def make_group(place, tree):
    from tuanjie.leadership.services import leading_group_create

    return leading_group_create(place=place, members=[{"position": "leader", "name": "王伟", "title": "书记"}])


@factory("leadership.Member")
def make_member(place, tree):
    return make_group(place, tree).members.first()


@factory("leadership.OfficeDuty")
def make_duty(place, tree):
    return make_group(place, tree).duties.first()


def _load_app_factories():
    import importlib
    import pkgutil
    from pathlib import Path

    here = Path(__file__).parent
    for module in pkgutil.iter_modules([str(here)]):
        if module.name.startswith("factories_"):
            importlib.import_module(f"tests.{module.name}")


_load_app_factories()
