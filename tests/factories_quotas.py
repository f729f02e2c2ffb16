"""Quota rules for the generated access battery."""

from tests.factories import factory


@factory("quotas.QuotaRule")
def make_rule(place, tree):
    from tuanjie.quotas.models import QuotaRule

    return QuotaRule.objects.create(place=place, name="每月报送信息不少于2条", year=2026,
                                    countable="information.accepted", minimum=2, period="month")
