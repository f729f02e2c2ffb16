"""Editing a title quota runs the checks of allocating one, and a quota a recommendation used stays where it is."""

import pytest
from django.core.exceptions import PermissionDenied

from tuanjie.titles.models import TitleQuota
from tuanjie.titles.services import quota_update, quota_used


def quota_fields(quota, **changes):
    return {"place": quota.place_id, "title_level": quota.title_level_id, "year": quota.year, "limit": quota.limit,
            "note": "", **changes}


def test_a_used_quota_cannot_be_moved_to_another_year_from_its_page(
        tree, client_for, province_office, new_application, walk, city_quota):
    walk(new_application(), 2)   # the county passes it, the city recommends it under its one place
    assert quota_used(tree.city, city_quota.title_level, 2026) == 1
    response = client_for(province_office).post(f"/titles/quotas/{city_quota.pk}/edit/",
                                                quota_fields(city_quota, year=2027))
    assert "该名额已有推荐占用，不能改到其他创建办、称号级别或年度" in response.content.decode()
    city_quota.refresh_from_db()
    assert (city_quota.year, city_quota.limit) == (2026, 1)


def test_a_quota_cannot_be_cut_below_what_was_recommended_as_on_allocation(
        tree, client_for, province_office, new_application, walk, city_quota):
    walk(new_application(), 2)
    response = client_for(province_office).post(f"/titles/quotas/{city_quota.pk}/edit/",
                                                quota_fields(city_quota, limit=0))
    assert "名额不能少于已推荐的数量" in response.content.decode()
    city_quota.refresh_from_db()
    assert city_quota.limit == 1


def test_an_unused_quota_is_moved_to_another_year_from_its_page(tree, client_for, province_office, city_quota):
    response = client_for(province_office).post(f"/titles/quotas/{city_quota.pk}/edit/",
                                                quota_fields(city_quota, year=2027, limit=3))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(TitleQuota.objects.values_list("place", "year", "limit")) == [(tree.city.pk, 2027, 3)]


def test_the_city_cannot_raise_its_own_quota_as_it_cannot_allocate_it(client_for, city_office, city_quota):
    assert client_for(city_office).get(f"/titles/quotas/{city_quota.pk}/edit/").status_code == 404
    with pytest.raises(PermissionDenied, match="推荐名额由上级创建办分配"):
        quota_update(by=city_office, instance=city_quota, place=city_quota.place,
                     title_level=city_quota.title_level, year=2026, limit=9)
    city_quota.refresh_from_db()
    assert city_quota.limit == 1
