"""API of indicator systems, campaigns and results: reads through `restrict`, steps through the services."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from tuanjie.assessments import selectors, services
from tuanjie.assessments.models import Campaign, Entry, Indicator, IndicatorSystem, Line, ReviewScore
from tuanjie.core.api import ReadOnlyRestrictedViewSet, WorkflowStepsMixin, query_id, query_year, year_parameter
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


class GapSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField(source="indicator.name")
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    score = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    missing = serializers.DecimalField(max_digits=8, decimal_places=2)
    source = serializers.CharField(help_text="ledger 台账 / review 评审 / self 自评 / 空：未评")
    count = serializers.IntegerField(allow_null=True, help_text="台账指标：本年记录数")
    veto_risk = serializers.BooleanField()
    next_step = serializers.CharField()


class TitleDistanceSerializer(serializers.Serializer):
    place = serializers.IntegerField(source="subject.pk")
    place_name = serializers.CharField(source="subject.name")
    title_level = serializers.IntegerField(source="title_level.pk")
    title_level_name = serializers.CharField(source="title_level.name")
    system = serializers.IntegerField(source="system.pk", allow_null=True, default=None)
    threshold = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="申报门槛（百分制）")
    percent = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="按台账、评审和自评拟得分（百分制）")
    distance = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="距申报门槛还差的分数")
    self_percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                            help_text="最近一次提交的自评得分（百分制）")
    may_apply = serializers.BooleanField(help_text="自评已达申报门槛，可以申报")
    gaps = GapSerializer(source="missing", many=True, help_text="未得满分的指标，差距大的在前")


class TitleDistanceViewSet(viewsets.ViewSet):
    """How far a subject stands from a title level (the 距称号还差多少 page's figures): its proposed score on the
    level's indicator system, the threshold, and the indicators still short of their points."""

    @extend_schema(
        parameters=[OpenApiParameter("place", {"type": "integer", "minimum": 1, "maximum": 10 ** 18 - 1},
                                     required=True, description="创建对象（地区或单位）编号"),
                    OpenApiParameter("title_level", {"type": "integer", "minimum": 1, "maximum": 10 ** 18 - 1},
                                     description="称号级别编号（默认：该对象下一个可争创的称号）"),
                    year_parameter("台账计分的年度（默认：今年；往年按当年12月31日计）")],
        responses=TitleDistanceSerializer)
    def list(self, request):
        from datetime import date

        from django.utils import timezone

        from tuanjie.places.models import Place
        from tuanjie.titles.models import TitleLevel

        place_id = query_id(request, "place", "创建对象")
        if place_id is None:
            raise serializers.ValidationError({"place": ["请给出创建对象（地区或单位）编号"]}, code="required")
        level_id = query_id(request, "title_level", "称号级别")
        year = query_year(request)
        today = timezone.localdate()
        on = today if year == today.year else date(year, 12, 31)
        subject = (Place.objects.restrict(request.user).select_related("level", "creation_field")
                   .filter(pk=place_id).first())
        if subject is None:
            raise NotFound("没有找到该地区/单位，或您无权查看")
        if level_id is not None:
            level = TitleLevel.objects.filter(is_active=True, pk=level_id).first()
        else:
            level = selectors.aimed_level(subject, on)
        if level is None:
            raise NotFound("没有找到该称号级别，或该对象暂无可争创的称号")
        return Response(TitleDistanceSerializer(selectors.title_distance(subject, level, on)).data)


ROUTES = [
    ("title-distance", TitleDistanceViewSet, "title-distance"),
    ("indicator-systems", IndicatorSystemViewSet, "indicator-system"),
    ("assessment-campaigns", CampaignViewSet, "assessment-campaign"),
    ("assessment-entries", EntryViewSet, "assessment-entry"),
]
