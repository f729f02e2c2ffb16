"""API for the key results (重要成效) offices record; writes go through the documents services."""

from rest_framework import serializers

from tuanjie.core.api import RestrictedModelViewSet
from tuanjie.documents import services
from tuanjie.documents.models import KeyResult


class KeyResultSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = KeyResult
        fields = ["id", "place", "place_name", "name", "value", "unit", "achieved_on", "note"]


class KeyResultViewSet(RestrictedModelViewSet):
    model = KeyResult
    serializer_class = KeyResultSerializer
    select_related = ("place",)

    def perform_create(self, serializer):
        serializer.instance = services.result_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.result_update(by=self.request.user, result=serializer.instance,
                                                     **serializer.validated_data)

    def perform_destroy(self, instance):
        services.result_delete(by=self.request.user, result=instance)


ROUTES = [
    ("key-results", KeyResultViewSet, "keyresult"),
]
