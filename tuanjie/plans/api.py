from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets

from tuanjie.core.access import VIEW
from tuanjie.core.api import RestrictedModelViewSet, RestrictedRelations
from tuanjie.plans import selectors, services
from tuanjie.plans.models import Plan, PlanPhase, PlanTask, ScheduledActivity, TaskProgress


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanPhase
        fields = ["id", "order", "name", "start", "end", "description"]


class PlanSerializer(serializers.ModelSerializer):
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "place", "year", "title", "doc_number", "issued_on", "status", *Plan.SECTIONS, "source",
                  "phases"]
        read_only_fields = ["source"]


class PlanViewSet(RestrictedModelViewSet):
    model = Plan
    serializer_class = PlanSerializer
    select_related = ("place",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("phases")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.plan_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = services.plan_update(by=self.request.user, plan=serializer.instance,
                                                   **serializer.validated_data)


class TaskSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanTask
        fields = ["id", "plan", "number", "title", "description", "phase", "lead_unit", "responsible", "partner_units",
                  "deadline", "target_quantity", "target_unit", "status", "percent", "source_task", "overdue"]
        read_only_fields = ["status", "percent", "source_task"]
        extra_kwargs = {"number": {"required": False}}

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class TaskViewSet(RestrictedModelViewSet):
    """Tasks of plans in the person's subtree, plus (for reading) the tasks assigned to their units.
    Status and percent change only through progress reports."""

    model = PlanTask
    serializer_class = TaskSerializer

    def get_queryset(self):
        if self.action in ("list", "retrieve"):
            qs = selectors.tasks_visible_to(self.request.user)
        else:
            qs = super().get_queryset()
        return qs.select_related("plan").prefetch_related("partner_units").order_by("plan", "number", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.task_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        partners = data.pop("partner_units", None)
        serializer.instance = services.task_update(by=self.request.user, task=serializer.instance,
                                                   partner_units=partners, **data)


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskProgress
        fields = ["id", "task", "place", "reported_on", "status", "percent", "text", "reported_by"]
        read_only_fields = ["reported_on", "reported_by"]
        extra_kwargs = {"place": {"required": False}}


class ProgressViewSet(RestrictedRelations, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Progress reports: read within the subtree; create = report through the progress workflow."""

    serializer_class = ProgressSerializer

    def get_queryset(self):
        return TaskProgress.objects.restrict(self.request.user, VIEW).select_related("task", "place")

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if "task" in getattr(serializer, "fields", {}):
            serializer.fields["task"].queryset = selectors.tasks_visible_to(self.request.user)
        return serializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.task_progress_report(
            by=self.request.user, task=data["task"], place=data.get("place"), status=data["status"],
            percent=data["percent"], text=data["text"])


class ScheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScheduledActivity
        fields = ["id", "plan", "title", "start", "end", "organiser", "task", "location", "description"]

    def validate(self, attrs):
        item = ScheduledActivity(**{**({f: getattr(self.instance, f) for f in ("plan", "start", "end", "organiser",
                                                                              "task")} if self.instance else {}),
                                    **{k: v for k, v in attrs.items()}})
        try:
            services.validate_schedule(item)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="rule") from exc   # a service rule: 422
        return attrs


class ScheduleViewSet(RestrictedModelViewSet):
    model = ScheduledActivity
    serializer_class = ScheduleSerializer

    create_service = services.schedule_add
    update_service = services.schedule_update


ROUTES = [
    ("plans", PlanViewSet, "plan"),
    ("plan-tasks", TaskViewSet, "plantask"),
    ("task-progress", ProgressViewSet, "taskprogress"),
    ("plan-schedule", ScheduleViewSet, "scheduledactivity"),
]
