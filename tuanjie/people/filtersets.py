import django_filters
from django.utils.translation import gettext_lazy as _

from tuanjie.core.filters import YesNoFilter
from tuanjie.core.roles import Role
from tuanjie.people.models import RoleAssignment, User


class UserFilterSet(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("角色"), empty_label=_("全部角色"),
                                       method="filter_role")
    is_active = YesNoFilter(label=_("账号有效"))

    class Meta:
        model = User
        fields = ["role", "is_active"]

    def filter_role(self, queryset, name, value):
        return queryset.filter(assignments__role=value, assignments__active=True).distinct()


class RoleAssignmentFilterSet(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("角色"), empty_label=_("全部角色"))

    class Meta:
        model = RoleAssignment
        fields = ["role", "active"]
