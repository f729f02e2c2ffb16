"""Agreements, their targets and the five-inclusion checklists for the generated access battery."""

from tests.factories import factory


def nearest_area_above(place):
    """The area an agreement to `place` is issued by: the nearest area strictly above it (itself at the root)."""
    for ancestor in reversed(list(place.ancestors_and_self())[:-1]):
        if ancestor.is_area:
            return ancestor
    return place


@factory("agreements.Agreement")
def make_agreement(place, tree):
    from tuanjie.agreements.models import Agreement
    from tuanjie.agreements.services import agreement_create, target_create

    # one agreement per issuer, party and year: a test that makes an agreement and a target at one place shares it
    found = Agreement.objects.filter(place=place, issuer=nearest_area_above(place), year=2026).first()
    if found is not None:
        return found
    agreement = agreement_create(by=None, place=place, issuer=nearest_area_above(place), year=2026,
                                 title=f"{place.name}2026年目标责任书", issuer_post="领导小组组长", party_post="主要负责人")
    target_create(by=None, agreement=agreement, kind="written", text="成立创建工作领导小组")
    return agreement


@factory("agreements.AgreementTarget")
def make_target(place, tree):
    return make_agreement(place, tree).targets.first()


@factory("agreements.InclusionChecklist")
def make_checklist(place, tree):
    from tuanjie.agreements.models import InclusionChecklist
    from tuanjie.agreements.services import checklist_create

    found = InclusionChecklist.objects.filter(place=place, year=2026).first()   # one per place and year
    return found or checklist_create(by=None, place=place, year=2026)


@factory("agreements.InclusionItem")
def make_inclusion_item(place, tree):
    return make_checklist(place, tree).items.first()
