"""API of inspections: reads through `restrict`, writes and workflow steps through the services."""

from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from tuanjie.core.access import ADD
from tuanjie.core.api import ReadOnlyRestrictedViewSet, RestrictedModelViewSet, WorkflowStepsMixin
from tuanjie.inspections import services
from tuanjie.inspections.models import Finding, Rectification, Round, Talk, TeamMember
from tuanjie.places.models import Place


class TeamMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["name", "title", "is_leader", "user"]
        extra_kwargs = {"user": {"required": False}}


class RoundSerializer(serializers.ModelSerializer):
    team = TeamMemberSerializer(many=True)
    units = serializers.PrimaryKeyRelatedField(many=True, queryset=Place.objects.units())

    class Meta:
        model = Round
        fields = ["id", "place", "kind", "title", "start_date", "end_date", "purpose", "units", "team", "state",
                  "notice_no", "notice_date", "conclusion"]
        read_only_fields = ["state", "notice_no", "notice_date", "conclusion"]


class RoundViewSet(ReadOnlyRestrictedViewSet):
    model = Round
    serializer_class = RoundSerializer
    select_related = ("place",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("team", "units")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        round_ = services.round_create(
            by=request.user, place=d["place"], kind=d.get("kind", Round.Kind.SPECIAL), title=d["title"],
            start_date=d["start_date"],
            end_date=d["end_date"], purpose=d.get("purpose", ""), units=d["units"],
            team=[dict(m) for m in d["team"]])
        return Response(self.get_serializer(round_).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        round_ = self.get_object()
        services.round_close(by=request.user, round_=round_, notice_no=request.data.get("notice_no", ""),
                             conclusion=request.data.get("conclusion", ""))
        round_.refresh_from_db()
        return Response(self.get_serializer(round_).data)


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "round", "unit", "kind", "text", "recorded_by", "created"]
        read_only_fields = ["recorded_by", "created"]


class FindingViewSet(ReadOnlyRestrictedViewSet):
    model = Finding
    serializer_class = FindingSerializer
    select_related = ("round", "unit")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        round_ = Round.objects.restrict(request.user).filter(pk=d["round"].pk).first()
        if round_ is None:
            raise PermissionDenied("没有找到该督查轮次，或您无权查看")
        finding = services.finding_record(by=request.user, round_=round_, unit=d["unit"], kind=d["kind"],
                                          text=d["text"])
        return Response(self.get_serializer(finding).data, status=status.HTTP_201_CREATED)


class RectificationSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = ["id", "finding", "unit", "requirement", "deadline", "state", "answer", "answered_at",
                  "verified_at", "last_comment", "overdue"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class RectificationViewSet(WorkflowStepsMixin, ReadOnlyRestrictedViewSet):
    model = Rectification
    workflow = services.RECTIFICATIONS
    serializer_class = RectificationSerializer
    select_related = ("unit", "finding__round")

    def _step(self, request, name):
        item = self.get_object()
        item = services.rectification_transition(by=request.user, item=item, action=name,
                                                 comment=request.data.get("comment", ""),
                                                 answer=request.data.get("answer", ""))
        return Response(self.get_serializer(item).data)

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._step(request, "answer")

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._step(request, "verify")

    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        return self._step(request, "send_back")


class TalkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Talk
        fields = ["id", "place", "round", "date", "interviewee_post", "interviewer", "reason", "content",
                  "follow_up"]


class TalkViewSet(RestrictedModelViewSet):
    model = Talk
    serializer_class = TalkSerializer
    select_related = ("place",)
    create_service = services.talk_record
    update_service = services.talk_update

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self._write(serializer, ADD, lambda: self.create_service(
            by=self.request.user, unit=data.pop("place"), round_=data.pop("round", None), **data))


ROUTES = [
    ("inspection-rounds", RoundViewSet, "inspection-round"),
    ("inspection-findings", FindingViewSet, "inspection-finding"),
    ("rectifications", RectificationViewSet, "rectification"),
    ("inspection-talks", TalkViewSet, "inspection-talk"),
]
