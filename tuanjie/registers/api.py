"""API for the registers: bases, the cultivation list, liaisons and briefings, written through the services."""

from rest_framework import serializers

from tuanjie.core.api import RestrictedModelViewSet
from tuanjie.registers import services
from tuanjie.registers.models import Briefing, CultivationEntry, EducationBase, GroupDecision, Liaison


class EducationBaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = EducationBase
        fields = ["id", "place", "name", "level", "named_by", "named_year", "document_no", "address", "description",
                  "is_active"]


class CultivationSerializer(serializers.ModelSerializer):
    class Meta:
        model = CultivationEntry
        fields = ["id", "place", "year", "target", "title_level", "planned_funds", "progress", "progress_note"]


class LiaisonSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Liaison
        fields = ["id", "place", "person", "person_name", "post", "office_phone", "mobile", "email"]


class _VisibleItems(serializers.PrimaryKeyRelatedField):
    """Information items the caller may see (the service then keeps only the accepted ones of the area)."""

    def get_queryset(self):
        from tuanjie.information.models import InformationItem

        request = self.context.get("request")
        return InformationItem.objects.restrict(getattr(request, "user", None))


class BriefingSerializer(serializers.ModelSerializer):
    items = _VisibleItems(many=True)

    class Meta:
        model = Briefing
        fields = ["id", "place", "year", "number", "title", "issued_on", "editor", "items"]
        read_only_fields = ["year", "number"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupDecision
        fields = ["id", "group", "decided_on", "title", "document_no", "summary"]


def _viewset(model, serializer, create, update, delete=None, related=("place",), prefetch=()):
    attrs = {"model": model, "serializer_class": serializer, "select_related": related,
             "create_service": create, "update_service": update, "filterset_fields": ["place"]}
    if prefetch:
        attrs["get_queryset"] = lambda self: RestrictedModelViewSet.get_queryset(self).prefetch_related(*prefetch)
    if delete is not None:
        attrs["delete_service"] = staticmethod(delete)
    return type(f"{model.__name__}ViewSet", (RestrictedModelViewSet,), attrs)


EducationBaseViewSet = _viewset(EducationBase, EducationBaseSerializer, services.base_create, services.base_update,
                                services.base_delete)
CultivationViewSet = _viewset(CultivationEntry, CultivationSerializer, services.cultivation_create,
                              services.cultivation_update)
LiaisonViewSet = _viewset(Liaison, LiaisonSerializer, services.liaison_create, services.liaison_update,
                          related=("place", "person"))
BriefingViewSet = _viewset(Briefing, BriefingSerializer, services.briefing_create, services.briefing_update,
                           prefetch=("items",))
DecisionViewSet = _viewset(GroupDecision, DecisionSerializer, services.decision_create, services.decision_update,
                           related=("group__place",))
DecisionViewSet.filterset_fields = ["group"]

ROUTES = [
    ("education-bases", EducationBaseViewSet, "educationbase"),
    ("cultivation-list", CultivationViewSet, "cultivationentry"),
    ("liaisons", LiaisonViewSet, "liaison"),
    ("briefings", BriefingViewSet, "briefing"),
    ("leading-group-decisions", DecisionViewSet, "groupdecision"),
]
