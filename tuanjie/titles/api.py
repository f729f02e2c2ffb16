"""API: applications, named titles and quotas. Workflow steps are POST actions that call the services."""

from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tuanjie.core.api import ReadOnlyRestrictedViewSet, WorkflowStepsMixin
from tuanjie.places.models import Place
from tuanjie.titles import selectors, services
from tuanjie.titles.models import (
    CallWindow,
    DemonstrationTitle,
    ReInspection,
    TitleApplication,
    TitleCall,
    TitleLevel,
    TitleQuota,
)


class TitleApplicationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="place.name", read_only=True)
    level_name = serializers.CharField(source="title_level.name", read_only=True)
    current_step_name = serializers.CharField(source="current_step.name", read_only=True, default=None)

    class Meta:
        model = TitleApplication
        fields = ["id", "place", "unit_name", "title_level", "level_name", "year", "deeds", "status",
                  "current_step", "current_step_name", "submitted_at", "created"]
        read_only_fields = ["status", "current_step", "submitted_at", "created"]


class TitleStepParamsSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    named_on = serializers.DateField(required=False, allow_null=True, default=None)
    validity_years = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    subsidy = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True,
                                       default=None, min_value=0)
    document_no = serializers.CharField(required=False, allow_blank=True, default="")


class TitleApplicationViewSet(WorkflowStepsMixin, ReadOnlyRestrictedViewSet):
    model = TitleApplication
    workflow = services.APPLICATIONS
    serializer_class = TitleApplicationSerializer
    select_related = ("place", "title_level", "current_step")
    filterset_fields = ["status", "title_level", "year"]

    def create(self, request):
        data = self.get_serializer(data=request.data)   # related choices restricted (core/related.py)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        application = services.application_create(by=request.user, subject=v["place"], title_level=v["title_level"],
                                                  year=v["year"], deeds=v["deeds"])
        return Response(TitleApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    def _step(self, request, step):
        application = self.get_object()
        params = TitleStepParamsSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        application = services.application_act(by=request.user, application=application, action=step,
                                               **params.validated_data)
        return Response(TitleApplicationSerializer(application).data)

    @action(detail=True, methods=["post"], serializer_class=TitleStepParamsSerializer)
    def submit(self, request, pk=None):
        return self._step(request, "submit")

    @action(detail=True, methods=["post"], serializer_class=TitleStepParamsSerializer)
    def withdraw(self, request, pk=None):
        return self._step(request, "withdraw")

    @action(detail=True, methods=["post"], url_path="pass", url_name="pass", serializer_class=TitleStepParamsSerializer)
    def pass_step(self, request, pk=None):
        return self._step(request, "pass")

    @action(detail=True, methods=["post"], url_path="return", url_name="return", serializer_class=TitleStepParamsSerializer)
    def return_step(self, request, pk=None):
        return self._step(request, "return")

    @action(detail=True, methods=["post"], serializer_class=TitleStepParamsSerializer)
    def reject(self, request, pk=None):
        return self._step(request, "reject")


class ReInspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReInspection
        fields = ["id", "inspected_on", "result", "findings", "rectification_deadline", "title_status_after",
                  "office"]


class DemonstrationTitleSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="place.name", read_only=True)
    level_name = serializers.CharField(source="title_level.name", read_only=True)
    reinspections = ReInspectionSerializer(many=True, read_only=True)

    class Meta:
        model = DemonstrationTitle
        fields = ["id", "place", "unit_name", "title_level", "level_name", "title_name", "named_by", "named_on",
                  "document_no", "valid_until", "subsidy", "status", "next_inspection_due",
                  "rectification_deadline", "revoked_on", "revoke_reason", "application", "reinspections"]


class TitleReinspectSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    inspected_on = serializers.DateField(required=False, allow_null=True, default=None)
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    rectification_deadline = serializers.DateField(required=False, allow_null=True, default=None)


class DemonstrationTitleViewSet(WorkflowStepsMixin, ReadOnlyRestrictedViewSet):
    model = DemonstrationTitle
    workflow = services.TITLES
    serializer_class = DemonstrationTitleSerializer
    select_related = ("place", "title_level")
    filterset_fields = ["status", "title_level"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("reinspections")

    @action(detail=True, methods=["post"], serializer_class=TitleReinspectSerializer)
    def reinspect(self, request, pk=None):
        title = self.get_object()
        params = TitleReinspectSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        services.title_reinspect(by=request.user, title=title, **params.validated_data)
        title.refresh_from_db()
        return Response(DemonstrationTitleSerializer(title).data)


class TitleQuotaSerializer(serializers.ModelSerializer):
    used = serializers.SerializerMethodField()
    place = serializers.PrimaryKeyRelatedField(queryset=Place.objects.all())
    title_level = serializers.PrimaryKeyRelatedField(queryset=TitleLevel.objects.all())

    class Meta:
        model = TitleQuota
        fields = ["id", "place", "title_level", "year", "limit", "note", "used"]
        validators = []

    def get_used(self, quota) -> int:
        if hasattr(quota, "used_count"):  # annotated by the list (selectors.with_quota_use)
            return quota.used_count
        return services.quota_used(quota.place, quota.title_level, quota.year)


class TitleQuotaViewSet(ReadOnlyRestrictedViewSet):
    model = TitleQuota
    serializer_class = TitleQuotaSerializer
    select_related = ("place", "title_level")

    def get_queryset(self):
        return selectors.with_quota_use(super().get_queryset())

    def create(self, request):
        data = self.get_serializer(data=request.data)   # related choices restricted (core/related.py)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        quota = services.quota_set(by=request.user, office=v["place"], title_level=v["title_level"], year=v["year"],
                                   limit=v["limit"], note=v.get("note", ""))
        return Response(TitleQuotaSerializer(quota).data, status=status.HTTP_201_CREATED)


class CallWindowSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    last_day = serializers.DateField(read_only=True, help_text="截止日期，重新开放的为重新开放至")

    class Meta:
        model = CallWindow
        fields = ["id", "step", "label", "opens_on", "closes_on", "reopened_until", "reopen_reason", "last_day"]


class TitleCallSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)
    level_name = serializers.CharField(source="title_level.name", read_only=True)
    windows = CallWindowSerializer(many=True, read_only=True)

    class Meta:
        model = TitleCall
        fields = ["id", "place", "place_name", "title_level", "level_name", "year", "name", "document_no",
                  "description", "windows"]


class TitleCallViewSet(ReadOnlyRestrictedViewSet):
    """Calls for applications (申报通知) with their windows: a subject reads the calls of the offices above it."""

    model = TitleCall
    serializer_class = TitleCallSerializer
    select_related = ("place", "title_level")
    filterset_fields = ["title_level", "year"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("windows__step")


ROUTES = [
    ("title-calls", TitleCallViewSet, "titlecall"),
    ("title-applications", TitleApplicationViewSet, "titleapplication"),
    ("titles", DemonstrationTitleViewSet, "demonstrationtitle"),
    ("title-quotas", TitleQuotaViewSet, "titlequota"),
]
