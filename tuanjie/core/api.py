"""API base: every viewset reads through `restrict`, and every write is checked against the record's place."""

from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
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

from tuanjie.core import recyclebin, versioning
from tuanjie.core.access import ADD, CHANGE, DELETE, VIEW, may
from tuanjie.core.related import restrict_serializer
from tuanjie.core.writes import DeclaredServices

_ACTION = {"list": VIEW, "retrieve": VIEW, "create": ADD, "update": CHANGE, "partial_update": CHANGE,
           "destroy": DELETE}


class RestrictedRelations:
    """Every serializer a viewset builds (for reading, writing and the browsable API's forms) offers and accepts
    only the related records the caller may view (core/related.py)."""

    def get_serializer(self, *args, **kwargs):
        return restrict_serializer(super().get_serializer(*args, **kwargs), self.request.user)


class RestrictedModelViewSet(RestrictedRelations, DeclaredServices, viewsets.ModelViewSet):
    """Writes go through the same services as the pages (see `ObjectEditView`): `create_service(by=user,
    **validated_data)` and `update_service(by=user, instance=obj, **fields)`, where an update passes the current value
    of every field it did not send (PATCH), so the service checks the record as it will be. A viewset
    whose services take other arguments overrides `perform_create` / `perform_update`; only reference data
    (`plain_crud = True`) is saved by the serializer itself."""

    model = None
    select_related: tuple = ()

    def get_queryset(self):
        action = _ACTION.get(self.action, VIEW)
        qs = self.model.objects.restrict(self.request.user, action)
        return qs.select_related(*self.select_related) if self.select_related else qs

    # Optimistic locking (core/versioning.py): an ETag on every read of one record, If-Match honoured on writes.
    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = versioning.etag(instance)
        return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            versioning.check_if_match(request, self.get_object())
            response = super().update(request, *args, **kwargs)
        response["ETag"] = versioning.etag(self.get_object())
        return response

    # Deletes go to the recycle bin by default, as on the pages; a refused delete is a 400 with the reason
    # (Django's ValidationError, mapped by `exception_handler`).
    delete_service = staticmethod(recyclebin.record_delete)

    def perform_destroy(self, instance):
        self.delete_service(by=self.request.user, obj=instance)

    def _check(self, action, instance):
        if not may(self.request.user, action, self.model, instance.scope_place):
            raise PermissionDenied("您无权在该地区/单位下保存此记录")

    def _service_fields(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        if serializer.instance is None:
            return data
        for field in serializer.fields.values():
            if field.read_only or field.source == "*" or field.source in data:
                continue
            value = getattr(serializer.instance, field.source)
            data[field.source] = list(value.all()) if isinstance(field, serializers.ManyRelatedField) else value
        return data

    def _write(self, serializer, action, save) -> None:
        """Run `save()` (which returns the saved record) and check its place, in one transaction: a refused write
        (403) leaves nothing behind. Django's ValidationError and PermissionDenied reach `exception_handler`."""
        with transaction.atomic():
            serializer.instance = save()
            self._check(action, serializer.instance)

    def _declared(self, service, action):
        if service is None and not self.plain_crud:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no service for {action}")
        return service

    def perform_create(self, serializer):
        service = self._declared(self.create_service, ADD)
        self._write(serializer, ADD, lambda: serializer.save() if service is None else service(
            by=self.request.user, **self._service_fields(serializer)))

    def perform_update(self, serializer):
        service = self._declared(self.update_service, CHANGE)
        self._write(serializer, CHANGE, lambda: serializer.save() if service is None else service(
            by=self.request.user, instance=serializer.instance, **self._service_fields(serializer)))


class ReadOnlyRestrictedViewSet(RestrictedRelations, viewsets.ReadOnlyModelViewSet):
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
