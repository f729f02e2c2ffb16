"""API base: every viewset reads through `restrict`, and every write is checked against the record's place."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from tuanjie.core import recyclebin, versioning
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

    # Deletes go to the recycle bin by default, as on the pages; a refused delete is a 400 with the reason.
    delete_service = staticmethod(recyclebin.record_delete)

    def destroy(self, request, *args, **kwargs):
        try:
            return super().destroy(request, *args, **kwargs)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def perform_destroy(self, instance):
        self.delete_service(by=self.request.user, obj=instance)

    def _check(self, action, instance):
        if not may(self.request.user, action, self.model, instance.scope_place):
            raise PermissionDenied("您无权在该地区/单位下保存此记录")

    # Save and check in one transaction: a refused write (403) leaves nothing behind.
    def perform_create(self, serializer):
        try:
            with transaction.atomic():
                self._check(ADD, serializer.save())
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def perform_update(self, serializer):
        try:
            with transaction.atomic():
                self._check(CHANGE, serializer.save())
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class ReadOnlyRestrictedViewSet(viewsets.ReadOnlyModelViewSet):
    model = None
    select_related: tuple = ()

    def get_queryset(self):
        qs = self.model.objects.restrict(self.request.user, VIEW)
        return qs.select_related(*self.select_related) if self.select_related else qs


def collect_routes():
    from tuanjie.core.discovery import app_modules

    for _config, module in app_modules("api"):
        yield from getattr(module, "ROUTES", [])
