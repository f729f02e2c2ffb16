"""API of indicator systems, campaigns and results: reads through `restrict`, steps through the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tuanjie.assessments import selectors, services
from tuanjie.assessments.models import Campaign, Entry, Indicator, IndicatorSystem, Line, ReviewScore
from tuanjie.core.api import ReadOnlyRestrictedViewSet, WorkflowStepsMixin
from tuanjie.core.filters import ID_MAX


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "parent", "level", "order", "name", "points", "guidance", "evidence_required", "is_veto",
                  "countable_key", "min_count", "points_per_record"]


class IndicatorSystemSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)
    category_label = serializers.CharField(read_only=True)

    class Meta:
        model = IndicatorSystem
        fields = ["id", "place", "year", "category", "subject_level", "category_label", "version", "derived_from",
                  "name", "note", "indicators"]


class IndicatorSystemViewSet(ReadOnlyRestrictedViewSet):
    model = IndicatorSystem
    serializer_class = IndicatorSystemSerializer
    select_related = ("place", "category", "subject_level")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("indicators")


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "place", "name", "year", "system", "rule", "excellent_from", "good_from", "pass_from",
                  "reviewers", "self_deadline", "state"]


class CampaignViewSet(ReadOnlyRestrictedViewSet):
    model = Campaign
    serializer_class = CampaignSerializer
    select_related = ("place", "system")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("reviewers")

    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        campaign = self.get_object()
        campaign = services.campaign_finish(by=request.user, campaign=campaign)
        return Response(self.get_serializer(campaign).data)

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        campaign = self.get_object()
        entries = Entry.objects.restrict(request.user).filter(campaign=campaign).select_related("subject")
        return Response(EntrySerializer(entries.order_by("rank", "subject__path"), many=True).data)


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewScore
        fields = ["reviewer", "score", "veto_failed", "reason"]


class LineSerializer(serializers.ModelSerializer):
    reviews = ReviewSerializer(many=True, read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    points = serializers.DecimalField(source="indicator.points", max_digits=6, decimal_places=2, read_only=True)

    class Meta:
        model = Line
        fields = ["id", "indicator", "indicator_name", "points", "self_score", "self_note", "proposed_score",
                  "proposed_count", "evidence", "final_score", "final_veto_failed", "reviews"]


class EntrySerializer(serializers.ModelSerializer):
    subject_name = serializers.CharField(source="subject.name", read_only=True)

    class Meta:
        model = Entry
        fields = ["id", "campaign", "subject", "subject_name", "state", "self_total", "total", "percent", "vetoed",
                  "grade", "rank"]


class EntryDetailSerializer(EntrySerializer):
    lines = serializers.SerializerMethodField()

    class Meta(EntrySerializer.Meta):
        fields = EntrySerializer.Meta.fields + ["self_summary", "lines"]

    def get_lines(self, obj) -> list:
        return LineSerializer(selectors.entry_lines(obj), many=True).data


class LineStepSerializer(serializers.Serializer):
    """What self-assessing or reviewing one line of an entry sends."""

    line = serializers.IntegerField(min_value=1, max_value=ID_MAX, help_text="指标行编号（见 lines）")
    score = serializers.CharField(required=False, allow_blank=True, help_text="得分（数字）")
    note = serializers.CharField(required=False, allow_blank=True)
    veto_failed = serializers.BooleanField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class EntryViewSet(WorkflowStepsMixin, ReadOnlyRestrictedViewSet):
    model = Entry
    workflow = services.ENTRIES
    select_related = ("subject", "campaign")

    def get_serializer_class(self):
        return EntryDetailSerializer if self.action == "retrieve" else EntrySerializer

    def _line(self, entry, request):
        step = LineStepSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        line = entry.lines.select_related("indicator", "entry__campaign").filter(pk=step.validated_data["line"]).first()
        if line is None:
            raise serializers.ValidationError({"line": ["没有找到该指标"]}, code="does_not_exist")
        return line

    @extend_schema(request=LineStepSerializer)
    @action(detail=True, methods=["post"], url_path="self-assess")
    def self_assess(self, request, pk=None):
        entry = self.get_object()
        line = self._line(entry, request)
        services.line_self_assess(by=request.user, line=line, score=request.data.get("score", ""),
                                  note=request.data.get("note", ""), veto_failed=bool(request.data.get("veto_failed")))
        return Response(LineSerializer(line).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        entry = services.entry_submit(by=request.user, entry=self.get_object(), summary=request.data.get("summary"))
        return Response(EntrySerializer(entry).data)

    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        entry = services.entry_return(by=request.user, entry=self.get_object(),
                                      comment=request.data.get("comment", ""))
        return Response(EntrySerializer(entry).data)

    @extend_schema(request=LineStepSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        entry = self.get_object()
        line = self._line(entry, request)
        services.line_review(by=request.user, line=line, score=request.data.get("score", ""),
                             veto_failed=bool(request.data.get("veto_failed")), reason=request.data.get("reason", ""))
        return Response(LineSerializer(line).data)


ROUTES = [
    ("indicator-systems", IndicatorSystemViewSet, "indicator-system"),
    ("assessment-campaigns", CampaignViewSet, "assessment-campaign"),
    ("assessment-entries", EntryViewSet, "assessment-entry"),
]
