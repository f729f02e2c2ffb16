"""Pairing records for the access battery (its household rule is in tests/access/oracle.py)."""

from tests.factories import FACTORIES, factory
from tuanjie.core.roles import Role

HOUSEHOLD_BEARING = ("pairing.Household", "pairing.Pair", "pairing.Contact", "pairing.Need", "pairing.NeedStep")


def setup_programme(place, tree):
    """A programme at `place` with a group led by that place's group leader, and its cadre paired with a household."""
    from datetime import date

    from tuanjie.pairing import services
    from tuanjie.pairing.models import Programme

    programme = Programme.objects.create(place=place, name="结对认亲活动", started_on=date(2026, 1, 1))
    group = services.group_create(by=None, programme=programme, name="第一分组",
                                  leader=tree.person(Role.GROUP_LEADER, place))
    household = services.household_create(by=None, programme=programme, name="王秀英", address="幸福村3组",
                                          consent_on=date(2026, 1, 5), consent_method="written", size=4)
    pair = services.pair_create(by=None, group=group, cadre=tree.person(Role.CADRE, place), household=household,
                                paired_on=date(2026, 1, 5))
    return pair


@factory("pairing.Programme")
def make_programme(place, tree):
    return setup_programme(place, tree).group.programme


@factory("pairing.PairingGroup")
def make_group(place, tree):
    return setup_programme(place, tree).group


@factory("pairing.Household")
def make_household(place, tree):
    return setup_programme(place, tree).household


@factory("pairing.Pair")
def make_pair(place, tree):
    return setup_programme(place, tree)


@factory("pairing.Contact")
def make_contact(place, tree):
    from datetime import date

    from tuanjie.pairing.services import contact_record

    return contact_record(by=None, pair=setup_programme(place, tree), date=date(2026, 2, 3), form="visit",
                          topic="拉家常", deeds="帮助联系农机", cost=50)


@factory("pairing.Need")
def make_need(place, tree):
    from tuanjie.pairing.services import need_raise

    return need_raise(by=None, pair=setup_programme(place, tree), category="employment", description="想找工作")


@factory("pairing.NeedStep")
def make_step(place, tree):
    return make_need(place, tree).steps.first()


@factory("pairing.HouseholdReadLog")
def make_read_log(place, tree):
    from tuanjie.pairing.models import HouseholdReadLog

    household = setup_programme(place, tree).household
    return HouseholdReadLog.objects.create(place=place, household=household, household_number=household.pk)


@factory("pairing.GroupSummary")
def make_summary(place, tree):
    from datetime import date

    from tuanjie.pairing.services import group_summary_submit

    return group_summary_submit(by=None, group=setup_programme(place, tree).group, month=date(2026, 2, 1),
                                text="本月走访全部结对户")


@factory("pairing.Festival")
def make_festival(place, tree):
    from datetime import date

    from tuanjie.pairing.models import Festival

    return Festival.objects.create(place=place, name="春节", date=date(2027, 2, 6))


assert all(label in FACTORIES for label in HOUSEHOLD_BEARING)
