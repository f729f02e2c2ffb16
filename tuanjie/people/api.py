from rest_framework import serializers

from tuanjie.core.api import ReadOnlyRestrictedViewSet
from tuanjie.people.models import RoleAssignment, User


class RoleAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "place", "active"]


class UserSerializer(serializers.ModelSerializer):
    assignments = RoleAssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "title", "home_place", "is_active", "assignments"]


class UserViewSet(ReadOnlyRestrictedViewSet):
    """People are created through the pages (with password rules and role-grant checks); the API reads."""

    model = User
    serializer_class = UserSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("assignments")


ROUTES = [("people", UserViewSet, "user")]
