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
from rest_framework.routers import DefaultRouter
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


# What a refusal's status says (every operation documents these, core/schema.py): 400 the request is malformed, as
# the schema would also say (a missing field, a wrong type, a value out of the documented range or choices); 409 it
# conflicts with a record that exists (a second record where only one may be); 422 it is well formed but a rule the
# schema cannot state refuses it (a record that does not exist or is out of reach, a date outside the plausible
# range, a workflow step not allowed now). The body is the same either way: the Chinese messages, by field.
# A serializer's own rule raises its ValidationError with a code of its own ("does_not_exist", "rule"); without
# one DRF says "invalid", which is what a value of the wrong type gets, and so 400.
MALFORMED = frozenset({
    "required", "null", "blank", "invalid", "max_length", "min_length", "max_value", "min_value", "invalid_choice",
    "not_a_list", "not_a_dict", "empty", "max_digits", "max_decimal_places", "max_whole_digits", "max_string_length",
    "incorrect_type", "date", "datetime", "make_aware", "overflow", "parse_error", "no_name", "invalid_image",
    "min_items", "max_items", "invalid_list"})
CONFLICT = frozenset({"unique"})


def _codes(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            yield from _codes(value)
    elif isinstance(detail, list):
        for value in detail:
            yield from _codes(value)
    else:
        yield getattr(detail, "code", None)


def refusal_status(detail) -> int:
    """400, 409 or 422 for a validation error's detail, by the codes its messages carry."""
    codes = set(_codes(detail))
    if codes & MALFORMED:
        return 400
    if codes and codes <= CONFLICT:
        return 409
    return 422


class Unprocessable(exceptions.ValidationError):
    """A service's refusal of a well-formed request (Django's ValidationError): 422, or 409 for a uniqueness one."""

    status_code = 422


def exception_handler(exc, context):
    """The services speak Django (ValidationError, PermissionDenied, in Chinese); the API answers 422 (409 for a
    duplicate) with the messages (by field where the service named fields) and 403 with the service's own reason.
    The serializers' own refusals are 400, 409 or 422 as `refusal_status` reads their codes."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: messages
                      for name, messages in exc.message_dict.items()}
            codes = {error.code for errors in exc.error_dict.values() for error in errors}
        else:
            detail = exc.messages
            codes = {error.code for error in exc.error_list}
        exc = Unprocessable(detail)
        if codes and codes <= CONFLICT:
            exc.status_code = 409
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif type(exc) is exceptions.ValidationError:
        exc.status_code = refusal_status(exc.detail)
    return drf_exception_handler(exc, context)


class ApiRouter(DefaultRouter):
    """Record ids in the API's URLs are whole numbers of at most 18 digits (what a 64-bit key holds): anything else
    (`null`, `1,2`, `®`, a 30-digit number) is a 404 from the URL resolver, before a view or the database sees it."""

    ID = "[0-9]{1,18}"

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        value = getattr(viewset, "lookup_value_regex", self.ID)
        return f"(?P<{lookup_prefix}{kwarg}>{value})"


def query_year(request, name: str = "year") -> int:
    """A `?year=` parameter: this year when absent, else a whole number within `dates.YEARS` (400 otherwise)."""
    from django.utils import timezone

    from tuanjie.core.dates import YEARS

    raw = request.query_params.get(name)
    if raw in (None, ""):
        return timezone.localdate().year
    if not raw.isascii() or not raw.isdigit() or int(raw) not in YEARS:
        raise exceptions.ValidationError({name: [f"年度应为 {YEARS.start}–{YEARS.stop - 1} 之间的整数"]}, code="invalid")
    return int(raw)


def query_id(request, name: str, label: str) -> int | None:
    """A `?place=`-style id parameter: None when absent, else a whole number of at most 18 digits (400 otherwise);
    whether such a record exists, and is within reach, is the caller's question (404)."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise exceptions.ValidationError({name: [f"{label}编号应为正整数"]}, code="invalid")
    return int(raw)


def year_parameter(description: str = "年度（默认：今年）"):
    """The OpenAPI description of `query_year`'s parameter, with its range."""
    from drf_spectacular.utils import OpenApiParameter

    from tuanjie.core.dates import YEARS

    return OpenApiParameter("year", {"type": "integer", "minimum": YEARS.start, "maximum": YEARS.stop - 1},
                            description=description)


def collect_routes():
    from tuanjie.core.discovery import app_modules

    for _config, module in app_modules("api"):
        yield from getattr(module, "ROUTES", [])
