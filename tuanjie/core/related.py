"""Related-record choices read through `restrict`, like the lists they come from.

A select of plans, pairs or inspection rounds is a list of records too: unrestricted, the API's browsable forms
offered a neighbour county every pair's name, and a POST could point at another county's round. Every serializer,
filter set and page form the generic views build passes through here once, so each of its related fields offers,
and accepts, only what the acting person may view; a foreign id then gets the same "不存在" answer as a missing one.
Reference data (levels, creation fields, indicators) has no `restrict` and is left as it is."""

from __future__ import annotations

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from tuanjie.core.access import VIEW


def restricted(queryset, user):
    """`queryset` narrowed to the records `user` may view, where its model is place-scoped."""
    if queryset is None or not hasattr(queryset, "restrict"):
        return queryset
    return queryset.restrict(user, VIEW)


def restrict_serializer(serializer, user):
    """Every related field of `serializer` (nested serializers and lists of them included) restricted for `user`."""
    if isinstance(serializer, serializers.ListSerializer):
        restrict_serializer(serializer.child, user)
        return serializer
    for field in serializer.fields.values():
        if isinstance(field, serializers.BaseSerializer):
            restrict_serializer(field, user)
        elif isinstance(field, serializers.ManyRelatedField):
            field.child_relation.queryset = restricted(field.child_relation.queryset, user)
        elif isinstance(field, serializers.RelatedField) and not field.read_only:
            field.queryset = restricted(field.queryset, user)
    return serializer


def restrict_form(form, user):
    """Every model choice of `form` (and of a filter set's form) restricted for `user`."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            shown = field.widget.choices
            field.queryset = restricted(field.queryset, user)
            if not isinstance(shown, forms.models.ModelChoiceIterator):
                # A form that shows a shorter list than it accepts (the activity list's nearby areas) keeps it;
                # what it accepts is restricted all the same.
                field.widget.choices = shown
    return form


def restrict_filterset(filterset, user):
    restrict_form(filterset.form, user)
    return filterset


class RestrictedFilterBackend(DjangoFilterBackend):
    """django-filter's backend with its related-record choices restricted as the list is (the browsable API shows
    them as a form; a foreign id is refused as a missing one)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        return filterset if filterset is None else restrict_filterset(filterset, request.user)
