"""API: commendation campaigns and nominations. Workflow steps are POST actions that call the services."""

from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tuanjie.commendations import services
from tuanjie.commendations.models import Campaign, Nomination
from tuanjie.core.api import ReadOnlyRestrictedViewSet, WorkflowStepsMixin


class CommendationCampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "place", "name", "year", "description", "nomination_deadline", "quota_collective",
                  "quota_individual", "quota_family", "status", "notice_start", "notice_end", "notice_text",
                  "decision_no", "decided_on"]
        read_only_fields = ["status", "notice_start", "notice_end", "notice_text", "decision_no", "decided_on"]


class CommendationNoticeSerializer(serializers.Serializer):
    notice_start = serializers.DateField()
    notice_end = serializers.DateField()
    notice_text = serializers.CharField(required=False, allow_blank=True, default="")


class CommendationDecisionSerializer(serializers.Serializer):
    decision_no = serializers.CharField()
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


class CampaignViewSet(WorkflowStepsMixin, ReadOnlyRestrictedViewSet):
    model = Campaign
    workflow = services.CAMPAIGNS
    serializer_class = CommendationCampaignSerializer
    select_related = ("place",)
    filterset_fields = ["status", "year"]

    def create(self, request):
        data = self.get_serializer(data=request.data)   # related choices restricted (core/related.py)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        campaign = services.campaign_create(by=request.user, **v)
        return Response(CommendationCampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    def _step(self, request, step, params_class):
        campaign = self.get_object()
        params = params_class(data=request.data)
        params.is_valid(raise_exception=True)
        campaign = services.campaign_act(by=request.user, campaign=campaign, action=step, **params.validated_data)
        return Response(CommendationCampaignSerializer(campaign).data)

    @action(detail=True, methods=["post"], url_path="start-notice", serializer_class=CommendationNoticeSerializer)
    def start_notice(self, request, pk=None):
        return self._step(request, "start_notice", CommendationNoticeSerializer)

    @action(detail=True, methods=["post"], serializer_class=CommendationDecisionSerializer)
    def decide(self, request, pk=None):
        return self._step(request, "decide", CommendationDecisionSerializer)


class NominationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "campaign", "place", "unit_name", "category", "nominee_name", "summary", "deeds", "status",
                  "review_reason", "honoured_on"]
        read_only_fields = ["status", "review_reason", "honoured_on"]


class NominationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NominationViewSet(WorkflowStepsMixin, ReadOnlyRestrictedViewSet):
    model = Nomination
    workflow = services.NOMINATIONS
    serializer_class = NominationSerializer
    select_related = ("place", "campaign")
    filterset_fields = ["campaign", "status", "category"]

    def create(self, request):
        data = self.get_serializer(data=request.data)   # related choices restricted (core/related.py)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        campaign = Campaign.objects.restrict(request.user).filter(pk=v["campaign"].pk).first()
        if campaign is None:
            raise serializers.ValidationError({"campaign": ["没有找到该评选"]}, code="does_not_exist")
        nomination = services.nomination_create(by=request.user, campaign=campaign, unit=v["place"],
                                                category=v["category"], nominee_name=v["nominee_name"],
                                                summary=v["summary"], deeds=v["deeds"])
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)

    def _step(self, request, step):
        nomination = self.get_object()
        params = NominationReasonSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        nomination = services.nomination_act(by=request.user, nomination=nomination, action=step,
                                             reason=params.validated_data["reason"])
        return Response(NominationSerializer(nomination).data)

    @action(detail=True, methods=["post"], serializer_class=NominationReasonSerializer)
    def accept(self, request, pk=None):
        return self._step(request, "accept")

    @action(detail=True, methods=["post"], serializer_class=NominationReasonSerializer)
    def reject(self, request, pk=None):
        return self._step(request, "reject")

    @action(detail=True, methods=["post"], serializer_class=NominationReasonSerializer)
    def withdraw(self, request, pk=None):
        return self._step(request, "withdraw")

    @action(detail=True, methods=["post"], serializer_class=NominationReasonSerializer)
    def recommend(self, request, pk=None):
        return self._step(request, "recommend")

    @action(detail=True, methods=["post"], url_path="not-recommend", serializer_class=NominationReasonSerializer)
    def not_recommend(self, request, pk=None):
        return self._step(request, "not_recommend")


ROUTES = [
    ("commendation-campaigns", CampaignViewSet, "commendationcampaign"),
    ("commendation-nominations", NominationViewSet, "commendationnomination"),
]
