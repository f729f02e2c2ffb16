import pytest

from tuanjie.core.roles import Role
from tuanjie.information import services


@pytest.fixture
def write(unit_staff, tree):
    """write(**fields) → a draft item of unit U1 written by its staff."""

    def make(title="城关镇中心学校开展民族团结主题班会", body="全校师生参加。", user=None, place=None):
        return services.item_create(by=user or unit_staff, place=place or tree.u1, title=title, body=body)

    return make


@pytest.fixture
def city_office(tree):
    return tree.person(Role.OFFICE, tree.city, "city_office")
