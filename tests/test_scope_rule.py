"""The scope rule, tested: no model field, form field, import column, list/export column or API field anywhere in
Tuanjie holds an individual's ethnicity, religion or religious practice, political attitude, whereabouts or
movements, and nothing keeps "key person" or "special group" lists or "transformation" tracking.

Patterns target individual attributes, not the work: 宗教活动场所 (a kind of creation unit), 民族团结, 少数民族发展资金
are fine. A household record holds only what helping it needs, with no JSON blobs, tags or custom fields."""

import importlib
import re

import pytest
from django import forms
from django.apps import apps
from django.db import models

EXCLUDED = [
    ("ethnicity", re.compile(r"ethnic|\bminzu\b|\bzubie\b|(^|_)nation(ality)?($|_)|民族成分|族别|所属民族|民族身份")),
    ("religion", re.compile(r"religio(n|us_?(belief|practice|affiliation|status|activit))|\bfaith\b|"
                            r"宗教信仰|信教|信仰|宗教身份|宗教活动(?!场所)|礼拜|做礼拜")),
    ("political attitude", re.compile(r"political_?(attitude|view|stance|thought)|政治态度|思想动态|思想状况")),
    ("whereabouts", re.compile(r"whereabouts|movements?($|_)|trajector|location_history|行踪|(?<!资金)去向|动向|轨迹")),
    ("key person", re.compile(r"key_?person|重点人员|重点人口|重点对象")),
    ("transformation", re.compile(r"transformation|(?<!成果)转化")),
    ("special group", re.compile(r"special_?(group|population)|特殊人群|特殊群体")),
]


def offending(text) -> str | None:
    text = str(text or "").lower()
    for category, pattern in EXCLUDED:
        if pattern.search(text):
            return category
    return None


def tuanjie_configs():
    return [c for c in apps.get_app_configs() if c.name.startswith("tuanjie.")]


def import_app_modules(*names):
    found = []
    for config in tuanjie_configs():
        for name in names:
            try:
                found.append(importlib.import_module(f"{config.name}.{name}"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.{name}":
                    raise
    return found


def subclasses(cls):
    seen, todo = [], [cls]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return seen


def test_the_patterns_catch_individual_attributes_but_not_the_work():
    for bad in ["ethnicity", "民族成分", "族别", "religion", "宗教信仰", "是否信教", "political_attitude", "思想动态",
                "whereabouts", "行踪", "去向", "key_person", "重点人员", "转化情况", "特殊人群", "nationality"]:
        assert offending(bad), bad
    for fine in ["宗教活动场所", "民族团结进步", "少数民族发展资金", "创建领域", "national_title", "资金去向",
                 "联系电话", "住址", "pairing_need", "international"]:
        assert offending(fine) is None, fine


def test_no_model_holds_an_excluded_category():
    problems = []
    for config in tuanjie_configs():
        for model in config.get_models():
            for text in (model.__name__, model._meta.verbose_name):
                if category := offending(text):
                    problems.append(f"{model._meta.label}: {text} ({category})")
            for field in model._meta.get_fields():
                if not field.concrete and not field.many_to_many:
                    continue
                for text in (field.name, getattr(field, "verbose_name", ""), getattr(field, "help_text", "")):
                    if category := offending(text):
                        problems.append(f"{model._meta.label}.{field.name}: {text} ({category})")
                for value, label in getattr(field, "flatchoices", None) or []:
                    if category := offending(f"{value} {label}"):
                        problems.append(f"{model._meta.label}.{field.name} choice {label} ({category})")
    assert not problems, "\n".join(problems)


def test_no_form_asks_for_an_excluded_category():
    problems = []
    for module in import_app_modules("forms", "filtersets", "imports", "importers"):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                for name, field in obj.base_fields.items():
                    for text in (name, field.label, field.help_text):
                        if category := offending(text):
                            problems.append(f"{obj.__module__}.{obj.__name__}.{name}: {text} ({category})")
    assert not problems, "\n".join(problems)


def test_no_import_column_or_list_export_column_holds_an_excluded_category():
    from tuanjie.core.imports import TabularImporter
    from tuanjie.core.views import ObjectDetailView, ObjectListView

    import_app_modules("imports", "importers", "views", "exports", "selectors")
    problems = []
    for importer in subclasses(TabularImporter):
        for header in list(getattr(importer, "columns", {})) + list(getattr(importer, "required_headers", ())):
            if category := offending(header):
                problems.append(f"{importer.__module__}.{importer.__name__} column {header} ({category})")
    for view in subclasses(ObjectListView) + subclasses(ObjectDetailView):
        for column in list(getattr(view, "columns", [])) + list(getattr(view, "fields", [])):
            for text in (getattr(column, "name", ""), getattr(column, "label", "")):
                if category := offending(text):
                    problems.append(f"{view.__module__}.{view.__name__} column {text} ({category})")
    for module in import_app_modules("selectors", "exports"):
        for name, value in vars(module).items():
            if name.endswith("HEADERS") and isinstance(value, (list, tuple)):
                for header in value:
                    if category := offending(header):
                        problems.append(f"{module.__name__}.{name}: {header} ({category})")
    assert not problems, "\n".join(problems)


def test_no_api_serializer_exposes_an_excluded_category():
    from rest_framework import serializers

    import_app_modules("api")
    problems = []
    for serializer in subclasses(serializers.BaseSerializer):
        if not serializer.__module__.startswith("tuanjie."):
            continue
        names = list(getattr(serializer, "_declared_fields", {}))
        meta = getattr(serializer, "Meta", None)
        if meta is not None and isinstance(getattr(meta, "fields", None), (list, tuple)):
            names += list(meta.fields)
        try:
            names += list(serializer().get_fields())
        except Exception:  # some serializers need context; their declared and Meta fields are already in
            pass
        for name in names:
            if category := offending(name):
                problems.append(f"{serializer.__module__}.{serializer.__name__}.{name} ({category})")
    assert not problems, "\n".join(problems)


def test_household_holds_only_what_helping_it_needs():
    Household = apps.get_model("pairing", "Household")
    concrete = {f.name for f in Household._meta.concrete_fields}
    assert concrete == {"id", "created", "updated", "programme", "name", "phone", "address", "size", "consent_on",
                        "consent_method"}
    assert not Household._meta.many_to_many


@pytest.mark.parametrize("kind", [models.JSONField, models.ManyToManyField])
def test_household_has_no_json_blob_or_tags(kind):
    Household = apps.get_model("pairing", "Household")
    assert not [f for f in Household._meta.get_fields() if isinstance(f, kind)]
    tagish = re.compile(r"tag|label|custom|extra|attr|meta|note|remark|备注|标签")
    assert not [f.name for f in Household._meta.concrete_fields if tagish.search(f.name)]


def test_nothing_but_the_pairing_records_hangs_free_data_on_a_household():
    Household = apps.get_model("pairing", "Household")
    related = {rel.related_model._meta.label for rel in Household._meta.related_objects}
    assert related <= {"pairing.Pair", "pairing.HouseholdReadLog"}, related
