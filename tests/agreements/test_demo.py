"""The demo county's agreements and five inclusions tell the story of issue 17: the county has issued its agreements
to the townships and units, the first middle school has yet to sign (on the `danwei` login's to-do), last year's are
assessed, and most townships have all five inclusions."""

from tuanjie.core.context import acting_as


def test_the_demo_carries_agreements_checklists_and_registers(db):
    from tuanjie.agreements import demo as agreements_demo
    from tuanjie.agreements.models import Agreement
    from tuanjie.agreements.selectors import inclusion_summary
    from tuanjie.core import todo
    from tuanjie.demo.foundation import build_foundation
    from tuanjie.funds import demo as funds_demo
    from tuanjie.plans import demo as plans_demo
    from tuanjie.quotas import demo as quotas_demo
    from tuanjie.registers import demo as registers_demo
    from tuanjie.registers.models import CultivationEntry, EducationBase, GroupDecision, Liaison

    with acting_as(None, source="demo"):
        world = build_foundation(2026)
        for module in (plans_demo, quotas_demo, funds_demo, agreements_demo, registers_demo):
            module.build(world)
    this_year = Agreement.objects.filter(year=2026, issuer=world.county)
    assert this_year.count() == len(world.townships) + len(agreements_demo.UNITS)
    school = this_year.get(place__name="团结县第一中学")
    assert school.status == Agreement.Status.ISSUED and school.targets.exists()
    assert set(this_year.exclude(pk=school.pk).values_list("status", flat=True)) == {Agreement.Status.SIGNED}
    danwei = world.people["danwei"]
    assert any(str(g.source.heading) == "目标责任书待签订" and [a.pk for a in g.items] == [school.pk]
               for g in todo.groups(danwei))
    assert Agreement.objects.filter(year=2025, status=Agreement.Status.ASSESSED).count() == len(world.townships)
    summary = inclusion_summary(world.county, 2026)
    assert summary.areas == summary.with_checklist == len(world.townships) and 0 < summary.complete < summary.areas
    assert EducationBase.objects.count() == 3 and CultivationEntry.objects.filter(year=2026).count() == 8
    assert Liaison.objects.count() == len(world.staff_by_unit) and GroupDecision.objects.count() == 2
