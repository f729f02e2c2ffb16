"""A place's code is optional and unique when given: a blank is stored as NULL, so any number of places may have
none (issue 20: the first blank was stored as "" and blocked every other)."""

import importlib

from tuanjie.places.models import Place


def test_two_units_created_through_the_api_with_a_blank_code_both_save(client_for, tree, township_office):
    api = client_for(township_office)
    for name in ("城关镇第二小学", "城关镇卫生院"):
        response = api.post("/api/places/", {"kind": "unit", "name": name, "code": "", "parent": tree.t1.pk,
                                             "creation_field": "学校"}, content_type="application/json")
        assert response.status_code == 201, response.content
        assert response.json()["code"] is None
    assert Place.objects.filter(name__in=["城关镇第二小学", "城关镇卫生院"], code__isnull=True).count() == 2


def test_a_blank_set_by_a_bulk_update_is_stored_as_null_too(tree):
    Place.objects.filter(pk__in=[tree.u1.pk, tree.u2.pk]).update(code="")
    assert Place.objects.filter(pk__in=[tree.u1.pk, tree.u2.pk], code__isnull=True).count() == 2


def test_the_migration_turns_stored_blanks_into_null(tree):
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    with connection.cursor() as cursor:        # as the old code stored it, past the field's own conversion
        cursor.execute(f"UPDATE {Place._meta.db_table} SET code = '' WHERE id = %s", [tree.u1.pk])
    migration = importlib.import_module("tuanjie.places.migrations.0005_plausible_dates_blank_code_null")
    before = MigrationLoader(connection).project_state(("places", "0004_division_sync")).apps
    migration.blank_codes_to_null(before, None)
    assert Place.objects.get(pk=tree.u1.pk).code is None
