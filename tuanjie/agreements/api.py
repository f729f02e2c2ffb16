"""API: agreements (with their targets' computed progress and the workflow steps as POST actions), targets and the
five-inclusion checklists. Writes go through the same services as the pages."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tuanjie.agreements import selectors, services
from tuanjie.agreements.models import Agreement, AgreementTarget, InclusionChecklist, InclusionItem
from tuanjie.core.api import RestrictedModelViewSet, WorkflowStepsMixin


class TargetSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = AgreementTarget
        fields = ["id", "agreement", "number", "kind", "text", "quota_rule", "plan_task", "countable", "quantity",
                  "responsible", "achieved", "met", "assessed_on", "progress"]
        read_only_fields = ["achieved", "met", "assessed_on"]
        extra_kwargs = {"number": {"required": False}, "text": {"required": False}}

    def get_progress(self, obj) -> str:
        return selectors.target_progress(obj, today=timezone.localdate()).text


class AgreementSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "place", "issuer", "year", "title", "issuer_post", "party_post", "preamble", "status",
                  "issued_on", "signed_on", "assessed_on", "fulfilled", "assessment_note", "targets"]
        read_only_fields = ["status", "issued_on", "signed_on", "assessed_on", "fulfilled", "assessment_note"]


class AgreementStepSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    met = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                help_text="核定时认定已完成的文字目标编号")


class AgreementViewSet(WorkflowStepsMixin, RestrictedModelViewSet):
    model = Agreement
    workflow = services.AGREEMENTS
    serializer_class = AgreementSerializer
    select_related = ("place", "issuer")
    filterset_fields = ["year", "status", "place", "issuer"]
    create_service = services.agreement_create
    update_service = services.agreement_update
    delete_service = staticmethod(services.agreement_delete)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("targets__quota_rule__place", "targets__plan_task",
                                                       "targets__agreement__place")

    def _step(self, request, step):
        agreement = self.get_object()
        params = AgreementStepSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        extra = {}
        if step == "sign":
            extra["signed_on"] = data["signed_on"]
        if step == "assess":
            extra["met"] = dict.fromkeys(data["met"], True)
        agreement = services.agreement_act(by=request.user, agreement=agreement, action=step, note=data["note"],
                                           **extra)
        return Response(AgreementSerializer(agreement).data)

    @extend_schema(request=AgreementStepSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"], serializer_class=AgreementStepSerializer)
    def issue(self, request, pk=None):
        return self._step(request, "issue")

    @extend_schema(request=AgreementStepSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"], serializer_class=AgreementStepSerializer)
    def sign(self, request, pk=None):
        """确认签订: the signed copy's scan must already be uploaded (on the page, or with the step there)."""
        return self._step(request, "sign")

    @extend_schema(request=AgreementStepSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"], serializer_class=AgreementStepSerializer)
    def assess(self, request, pk=None):
        return self._step(request, "assess")


class TargetViewSet(RestrictedModelViewSet):
    model = AgreementTarget
    serializer_class = TargetSerializer
    select_related = ("agreement__place", "quota_rule__place", "plan_task")
    filterset_fields = ["agreement", "kind", "responsible"]
    create_service = services.target_create
    update_service = services.target_update
    delete_service = staticmethod(services.target_delete)


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = InclusionItem
        fields = ["id", "order", "name", "document_title", "document_no", "document_date", "note", "included"]


class ChecklistSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = InclusionChecklist
        fields = ["id", "place", "year", "items"]


class ChecklistViewSet(RestrictedModelViewSet):
    model = InclusionChecklist
    serializer_class = ChecklistSerializer
    select_related = ("place",)
    filterset_fields = ["year", "place"]
    create_service = services.checklist_create
    update_service = services.checklist_update

    def get_queryset(self):
        return super().get_queryset().prefetch_related("items")


ROUTES = [
    ("agreements", AgreementViewSet, "agreement"),
    ("agreement-targets", TargetViewSet, "agreementtarget"),
    ("inclusion-checklists", ChecklistViewSet, "inclusionchecklist"),
]
