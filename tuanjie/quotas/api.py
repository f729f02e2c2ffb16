from datetime import date

from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tuanjie.core import countables
from tuanjie.core.api import RestrictedModelViewSet
from tuanjie.quotas import selectors, services
from tuanjie.quotas.models import QuotaRule


class QuotaRuleSerializer(serializers.ModelSerializer):
    requirement = serializers.CharField(read_only=True)

    class Meta:
        model = QuotaRule
        fields = ["id", "place", "name", "year", "countable", "minimum", "period", "per", "creation_fields", "basis",
                  "is_active", "requirement"]

    def validate_countable(self, value):
        if not countables.exists(value):
            raise serializers.ValidationError(f"计数项目“{value}”不存在", code="does_not_exist")
        return value

    def validate_place(self, value):
        if not value.is_area:
            raise serializers.ValidationError("规定动作须由行政区域的创建办设定", code="rule")
        return value


class QuotaRuleViewSet(RestrictedModelViewSet):
    """Quota rules; `GET /api/quota-rules/<id>/compliance/` gives the computed compliance (read-only)."""

    model = QuotaRule
    serializer_class = QuotaRuleSerializer
    select_related = ("place",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("creation_fields")

    # Writes go through the services, which check access BEFORE anything is saved.
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.quota_rule_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.quota_rule_update(by=self.request.user, rule=serializer.instance, **data)

    @action(detail=True, methods=["get"])
    def compliance(self, request, pk=None):
        rule = self.get_object()
        table = selectors.compliance_table(rule, today=date.today())
        return Response({
            "rule": rule.pk,
            "requirement": rule.requirement,
            "periods": [{"key": s.key, "label": s.label, "start": s.start, "end": s.end} for s in table.periods],
            "summary": [{"period": s.key, "units": m.units, "met": m.met, "behind": m.behind, "missed": m.missed,
                         "exempt": m.exempt, "rate": m.rate} for s, m in zip(table.periods, table.summaries,
                                                                             strict=True)],
            "units": [{"place": row.place.pk, "name": row.place.name, "standings": [
                {"period": s.key, "done": st.done, "due": st.due, "state": st.state, "rate": st.rate}
                for s, st in zip(table.periods, row.standings, strict=True)]} for row in table.rows],
        })


ROUTES = [("quota-rules", QuotaRuleViewSet, "quotarule")]
