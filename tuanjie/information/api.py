from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tuanjie.core.api import ReadOnlyRestrictedViewSet, WorkflowStepsMixin
from tuanjie.information import services
from tuanjie.information.models import InformationItem, Publication
from tuanjie.information.services.workflow import ITEMS


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = ["id", "channel", "office", "link", "published_at", "withdrawn_at", "withdraw_reason"]


class InformationItemSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)
    publications = PublicationSerializer(many=True, read_only=True)

    class Meta:
        model = InformationItem
        fields = ["id", "place", "place_name", "kind", "title", "body", "original_title", "original_body", "status",
                  "reviewer_place", "return_comment", "submitted_at", "accepted_at", "forwarded_at", "published_at",
                  "publications"]


class InformationStepSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    channels = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    publication = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class WithdrawSerializer(serializers.Serializer):
    publication = serializers.IntegerField(min_value=1, help_text="要撤回的发布记录编号（见 publications）")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InformationItemViewSet(WorkflowStepsMixin, ReadOnlyRestrictedViewSet):
    """Information items in the caller's reach. Workflow steps are POST actions that call the services."""

    model = InformationItem
    workflow = ITEMS
    serializer_class = InformationItemSerializer
    select_related = ("place",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("publications")

    def _step(self, request, run):
        item = self.get_object()
        data = InformationStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(item, data.validated_data)
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)

    @extend_schema(request=InformationStepSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, lambda item, d: services.item_submit(item=item, by=request.user))

    @extend_schema(request=InformationStepSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, lambda item, d: services.item_accept(
            item=item, by=request.user, title=d.get("title"), body=d.get("body"), comment=d["comment"]))

    @extend_schema(request=InformationStepSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._step(request, lambda item, d: services.item_return(item=item, by=request.user,
                                                                        comment=d["comment"]))

    @extend_schema(request=InformationStepSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        return self._step(request, lambda item, d: services.item_forward(item=item, by=request.user,
                                                                         comment=d["comment"]))

    @extend_schema(request=InformationStepSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._step(request, lambda item, d: services.item_decline(item=item, by=request.user,
                                                                         comment=d["comment"]))

    @extend_schema(request=InformationStepSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._step(request, lambda item, d: services.item_publish(
            item=item, by=request.user, channels=d["channels"], comment=d["comment"]))

    @extend_schema(request=WithdrawSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        def run(item, d):
            if d.get("publication") is None:
                raise serializers.ValidationError({"publication": ["请指定要撤回的发布记录"]}, code="required")
            publication = item.publications.filter(pk=d["publication"]).first()
            if publication is None:
                raise serializers.ValidationError({"publication": ["没有找到该发布记录"]}, code="does_not_exist")
            services.publication_withdraw(publication=publication, by=request.user, reason=d["reason"])

        return self._step(request, run)


ROUTES = [("information-items", InformationItemViewSet, "informationitem")]
