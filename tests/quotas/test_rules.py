"""Defining quota rules (services): who may, where, and what is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.quotas.models import QuotaRule
from tuanjie.quotas.services import quota_rule_create, quota_rule_delete, quota_rule_update


def _create(by, place, **over):
    fields = dict(name="每月报送信息不少于2条", year=2026, countable="plan.progress", minimum=2, period="month")
    fields.update(over)
    return quota_rule_create(by=by, place=place, **fields)


def test_county_office_defines_a_rule_for_its_subtree(tree, county_office):
    rule = _create(county_office, tree.county)
    assert rule.requirement == "每月报送任务进展不少于2次"
    assert QuotaRule.objects.restrict(county_office).filter(pk=rule.pk).exists()


def test_township_office_may_define_a_rule_for_its_township_but_not_for_the_county(tree, township_office):
    assert _create(township_office, tree.t1).place == tree.t1
    with pytest.raises(PermissionDenied):
        _create(township_office, tree.county)


def test_unit_staff_and_the_neighbour_office_may_not_define_rules(tree, unit_staff, neighbour_office):
    with pytest.raises(PermissionDenied):
        _create(unit_staff, tree.u1)
    with pytest.raises(PermissionDenied):
        _create(neighbour_office, tree.county)
    assert not QuotaRule.objects.exists()


def test_a_rule_belongs_to_an_area_not_to_a_unit(tree, county_office):
    with pytest.raises(ValidationError, match="行政区域"):
        _create(county_office, tree.u1)


def test_an_unknown_countable_is_refused_in_chinese(tree, county_office):
    with pytest.raises(ValidationError) as exc:
        _create(county_office, tree.county, countable="nothing.here")
    assert "计数项目" in str(exc.value)
    assert not QuotaRule.objects.exists()


def test_a_minimum_of_zero_is_refused(tree, county_office):
    with pytest.raises(ValidationError):
        _create(county_office, tree.county, minimum=0)


def test_office_updates_and_deletes_its_rule_but_the_township_may_not(tree, county_office, township_office):
    rule = _create(county_office, tree.county)
    with pytest.raises(PermissionDenied):
        quota_rule_update(by=township_office, rule=rule, minimum=5)
    quota_rule_update(by=county_office, rule=rule, minimum=3, period="quarter")
    rule.refresh_from_db()
    assert (rule.minimum, rule.period) == (3, "quarter")
    with pytest.raises(PermissionDenied):
        quota_rule_delete(by=township_office, rule=rule)
    quota_rule_delete(by=county_office, rule=rule)
    assert not QuotaRule.objects.exists()
