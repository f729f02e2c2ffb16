"""API of the pairing programme. Household-bearing endpoints read through the household `restrict`; reading one
household goes through `household_for_read` (logged); upper levels get counts from /pairing-overview/."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from tuanjie.core.access import CHANGE
from tuanjie.core.api import (
    ReadOnlyRestrictedViewSet,
    RestrictedModelViewSet,
    WorkflowStepsMixin,
    query_year,
    year_parameter,
)
from tuanjie.pairing import selectors, services
from tuanjie.pairing.models import Contact, Household, Need, Pair, PairingGroup, Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "place", "name", "started_on", "ended_on", "contacts_per_month", "overdue_days"]


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = PairingGroup
        fields = ["id", "programme", "name", "leader"]


class HouseholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = Household
        fields = ["id", "programme", "name", "phone", "address", "size", "consent_on", "consent_method"]


class PairSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pair
        fields = ["id", "group", "cadre", "household", "household_erased", "paired_on", "ended_on"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "pair", "date", "form", "topic", "deeds", "cost", "recorded_by"]
        read_only_fields = ["recorded_by"]


class NeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["id", "pair", "category", "description", "raised_on", "state", "escalated", "resolved_on",
                  "resolution"]
        read_only_fields = ["state", "escalated", "resolved_on", "resolution"]


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.NEED_TRANSITIONS))
    note = serializers.CharField(required=False, allow_blank=True)


class ProgrammeViewSet(ReadOnlyRestrictedViewSet):
    model = Programme
    serializer_class = ProgrammeSerializer


class GroupViewSet(ReadOnlyRestrictedViewSet):
    model = PairingGroup
    serializer_class = GroupSerializer


class HouseholdViewSet(ReadOnlyRestrictedViewSet):
    model = Household
    serializer_class = HouseholdSerializer
    select_related = ("programme",)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        selectors.households_read(request.user, rows, channel="api_list")   # every household the answer carries
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        household = selectors.household_for_read(request.user, kwargs["pk"], channel="api")
        if household is None:
            raise NotFound("没有找到，或您无权查看")
        return Response(self.get_serializer(household).data)


class PairViewSet(ReadOnlyRestrictedViewSet):
    model = Pair
    serializer_class = PairSerializer


class ContactViewSet(RestrictedModelViewSet):
    model = Contact
    serializer_class = ContactSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    update_service = services.contact_update

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.contact_record(
            by=self.request.user, pair=data["pair"], date=data.get("date") or timezone.localdate(),
            form=data.get("form", Contact.Form.VISIT),
            topic=data["topic"], deeds=data.get("deeds", ""), cost=data.get("cost") or 0)


class NeedViewSet(WorkflowStepsMixin, RestrictedModelViewSet):
    model = Need
    workflow = services.NEEDS
    serializer_class = NeedSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    update_service = services.need_update

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.need_raise(by=self.request.user, pair=data["pair"], category=data["category"],
                                                  description=data["description"], raised_on=data.get("raised_on"))

    @action(detail=True, methods=["post"], serializer_class=TransitionSerializer)
    def transition(self, request, pk=None):
        need = Need.objects.restrict(request.user, CHANGE).filter(pk=pk).first()
        if need is None:
            raise NotFound("没有找到，或您无权办理")
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        need = services.need_transition(by=request.user, need=need, **step.validated_data)
        return Response(NeedSerializer(need).data)


class OverviewRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    pairs = serializers.IntegerField()
    contacts = serializers.IntegerField()
    visits = serializers.IntegerField()
    needs_raised = serializers.IntegerField()
    needs_solved = serializers.IntegerField()
    contacts_by_month = serializers.ListField(child=serializers.IntegerField())


class OverviewViewSet(viewsets.ViewSet):
    """Counts by unit and month for the reader's reach: no household appears."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = OverviewRowSerializer

    @extend_schema(parameters=[year_parameter()], responses=OverviewRowSerializer(many=True))
    def list(self, request):
        year = query_year(request)
        rows = selectors.unit_month_counts(request.user, year)
        return Response([{"unit": r["unit"].pk, "unit_name": r["unit"].name, "pairs": r["pairs"],
                          "contacts": r["contacts"], "visits": r["visits"], "needs_raised": r["raised"],
                          "needs_solved": r["solved"], "contacts_by_month": [m["contacts"] for m in r["months"]]}
                         for r in rows])


ROUTES = [
    ("pairing-programmes", ProgrammeViewSet, "pairing-programme"),
    ("pairing-groups", GroupViewSet, "pairing-group"),
    ("pairing-households", HouseholdViewSet, "pairing-household"),
    ("pairing-pairs", PairViewSet, "pairing-pair"),
    ("pairing-contacts", ContactViewSet, "pairing-contact"),
    ("pairing-needs", NeedViewSet, "pairing-need"),
    ("pairing-overview", OverviewViewSet, "pairing-overview"),
]
