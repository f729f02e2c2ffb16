"""API base: every viewset reads through `restrict`, and every write is checked against the record's place."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from tuanjie.core.access import ADD, CHANGE, DELETE, VIEW, may

_ACTION = {"list": VIEW, "retrieve": VIEW, "create": ADD, "update": CHANGE, "partial_update": CHANGE,
           "destroy": DELETE}


class RestrictedModelViewSet(viewsets.ModelViewSet):
    model = None
    select_related: tuple = ()

    def get_queryset(self):
        action = _ACTION.get(self.action, VIEW)
        qs = self.model.objects.restrict(self.request.user, action)
        return qs.select_related(*self.select_related) if self.select_related else qs

    def _check(self, action, instance):
        if not may(self.request.user, action, self.model, instance.scope_place):
            raise PermissionDenied("您无权在该地区/单位下保存此记录")

    # Save and check in one transaction: a refused write (403) leaves nothing behind.
    def perform_create(self, serializer):
        with transaction.atomic():
            self._check(ADD, serializer.save())

    def perform_update(self, serializer):
        with transaction.atomic():
            self._check(CHANGE, serializer.save())


class ReadOnlyRestrictedViewSet(viewsets.ReadOnlyModelViewSet):
    model = None
    select_related: tuple = ()

    def get_queryset(self):
        qs = self.model.objects.restrict(self.request.user, VIEW)
        return qs.select_related(*self.select_related) if self.select_related else qs


class StepSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    note_required = serializers.BooleanField()


class WorkflowStepsMixin:
    """`GET …/<pk>/steps/`: the steps the caller may take on this record now, as the workflow engine answers
    (the same list the record's page shows as buttons)."""

    workflow = None

    @extend_schema(responses=StepSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=StepSerializer)
    def steps(self, request, pk=None):
        record = self.get_object()
        return Response(StepSerializer(self.workflow.available(request.user, record), many=True).data)


def exception_handler(exc, context):
    """The services speak Django (ValidationError, PermissionDenied, in Chinese); the API answers 400 with the
    messages (by field where the service named fields) and 403 with the service's own reason."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: messages
                      for name, messages in exc.message_dict.items()}
        else:
            detail = exc.messages
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


def collect_routes():
    from tuanjie.core.discovery import app_modules

    for _config, module in app_modules("api"):
        yield from getattr(module, "ROUTES", [])
