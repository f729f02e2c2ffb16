from rest_framework import serializers

from tuanjie.core.api import RestrictedModelViewSet
from tuanjie.leadership.models import LeadingGroup, Member, OfficeDuty


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "position", "name", "title", "unit", "order"]


class DutySerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficeDuty
        fields = ["id", "order", "text"]


class LeadingGroupSerializer(serializers.ModelSerializer):
    members = MemberSerializer(many=True, read_only=True)
    duties = DutySerializer(many=True, read_only=True)

    class Meta:
        model = LeadingGroup
        fields = ["id", "place", "name", "document_no", "established_on", "office_location", "office_phone",
                  "members", "duties"]


class LeadingGroupViewSet(RestrictedModelViewSet):
    model = LeadingGroup
    serializer_class = LeadingGroupSerializer
    plain_crud = True   # a roster, as on its page (leadership/views.py)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("members", "duties")


ROUTES = [("leading-groups", LeadingGroupViewSet, "leadinggroup")]
