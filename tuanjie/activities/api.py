"""API for the activity ledger. Lists page by cursor (keyset on start date, id), so paging stays fast at any depth
and no COUNT runs; writes go through the same services as the pages."""

from rest_framework import serializers
from rest_framework.pagination import CursorPagination

from tuanjie.activities import services
from tuanjie.activities.filtersets import ActivityFilterSet
from tuanjie.activities.models import Activity
from tuanjie.core.api import RestrictedModelViewSet
from tuanjie.places.models import Place


class ActivityCursorPagination(CursorPagination):
    ordering = ("-start_date", "-id")
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


class ActivitySerializer(serializers.ModelSerializer):
    place = serializers.PrimaryKeyRelatedField(queryset=Place.objects.all())
    place_name = serializers.CharField(source="place.name", read_only=True)
    kind_label = serializers.CharField(read_only=True)
    creation_field_name = serializers.CharField(source="creation_field.name", read_only=True, default=None)

    class Meta:
        model = Activity
        fields = ["id", "place", "place_name", "start_date", "end_date", "title", "kind", "kind_label",
                  "creation_field", "creation_field_name", "plan_task", "location", "education_base", "participants",
                  "output_text",
                  "output_quantity", "description", "attendees", "created", "updated"]
        read_only_fields = ["created", "updated"]


class ActivityViewSet(RestrictedModelViewSet):
    model = Activity
    serializer_class = ActivitySerializer
    select_related = ("place", "creation_field")
    filterset_class = ActivityFilterSet
    pagination_class = ActivityCursorPagination

    def get_queryset(self):
        return super().get_queryset().prefetch_related("attendees")   # one query per page, not per activity

    def perform_create(self, serializer):
        serializer.instance = services.activity_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.activity_update(by=self.request.user, activity=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.activity_delete(by=self.request.user, activity=instance)


ROUTES = [("activities", ActivityViewSet, "activity")]
