"""Countables offices define, for the generated access battery."""

from tests.factories import factory


@factory("analytics.CountableDefinition")
def make_countable(place, tree):
    from tuanjie.analytics.models import CountableDefinition

    return CountableDefinition.objects.create(place=place, name="被采用信息（本地）", source="information.accepted")
