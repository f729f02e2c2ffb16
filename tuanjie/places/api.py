from django.db import transaction
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from tuanjie.core.access import ADD, places_for
from tuanjie.core.api import RestrictedModelViewSet
from tuanjie.places import services
from tuanjie.places.models import CreationField, Place, PlaceLevel


class PlaceSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(queryset=Place.objects.all(), write_only=True, required=False)
    parent_id = serializers.SerializerMethodField()
    level = serializers.SlugRelatedField(slug_field="name", queryset=PlaceLevel.objects.all(), required=False,
                                         allow_null=True)
    creation_field = serializers.SlugRelatedField(slug_field="name", queryset=CreationField.objects.all(),
                                                  required=False, allow_null=True)

    class Meta:
        model = Place
        fields = ["id", "kind", "name", "code", "level", "creation_field", "address", "phone", "description",
                  "active_from", "active_until", "depth", "path", "parent", "parent_id"]
        read_only_fields = ["depth", "path"]

    def get_parent_id(self, obj) -> int | None:
        parent = Place.objects.get_parent(obj) if obj.depth > 1 else None
        return parent.pk if parent else None


class PlaceViewSet(RestrictedModelViewSet):
    model = Place
    serializer_class = PlaceSerializer
    select_related = ("level", "creation_field")
    filterset_fields = ["kind", "depth", "code"]

    @transaction.atomic
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        parent = data.pop("parent", None)
        if parent is None or not places_for(self.request.user, Place, ADD).filter(pk=parent.pk).exists():
            raise PermissionDenied("请指定您管辖范围内的上级（parent）")
        serializer.instance = services.place_create(parent=parent, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("parent", None)
        serializer.instance = services.place_update(place=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.place_delete(place=instance)


ROUTES = [("places", PlaceViewSet, "place")]
