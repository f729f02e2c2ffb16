"""A county adds its own kind (主题党日) and a countable of it, sets "每两月至少1次主题党日", and a unit logs one:
the compliance table, the dashboard and the report show it at once, with no rebuild. Expected figures are the one
activity the test logs."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.workbooks import xlsx
from tuanjie.activities.importers import ActivityImporter
from tuanjie.activities.models import Activity, KindDefinition
from tuanjie.activities.services import activity_create, kind_create, kind_update
from tuanjie.analytics import selectors as figures
from tuanjie.analytics.models import CountableDefinition
from tuanjie.analytics.services import countable_define, countable_update
from tuanjie.core import countables
from tuanjie.core.context import acting_as
from tuanjie.documents import selectors as report
from tuanjie.quotas.selectors import compliance as calc
from tuanjie.quotas.selectors import compliance_table
from tuanjie.quotas.services import quota_rule_create


@pytest.fixture
def party_day(tree, county_office):
    """The county's kind, its countable and its rule, made through the pages an office uses."""
    return kind_create(by=county_office, place=tree.county, label="主题党日")


def _rule(tree, county_office, countable_key):
    return quota_rule_create(by=county_office, place=tree.county, name="每两月至少1次主题党日",
                             year=date.today().year, countable=countable_key, minimum=1, period="bimonth")


def test_a_county_defines_a_kind_and_a_countable_on_their_pages(tree, county_office, client_for):
    client = client_for(county_office)
    response = client.post(reverse("activities:kind_add"), {"place": tree.county.pk, "label": "主题党日"})
    kind = KindDefinition.objects.get()
    assert response.status_code == 302 and kind.place == tree.county and kind.code
    form = client.get(reverse("analytics:countable_add")).context["form"]
    assert (f"activity.{kind.code}", "主题党日") in form.fields["source"].choices
    response = client.post(reverse("analytics:countable_add"), {
        "place": tree.county.pk, "name": "主题党日（学校）", "source": f"activity.{kind.code}",
        "creation_field": tree.u1.creation_field_id})
    definition = CountableDefinition.objects.get()
    assert response.status_code == 302, response.context["form"].errors
    assert countables.get(definition.key).filters == {"kind": kind.code, "creation_field": tree.u1.creation_field_id}
    rule_form = client.get(reverse("quotas:rule_add")).context["form"]
    keys = dict(rule_form.fields["countable"].choices)
    assert keys[definition.key] == "主题党日（学校）" and keys[f"activity.{kind.code}"] == "主题党日"


def test_a_unit_logs_the_new_kind_and_compliance_dashboard_and_report_show_it_at_once(
        tree, county_office, unit_staff, party_day, client_for):
    definition = countable_define(by=county_office, place=tree.county, name="主题党日",
                                  source=f"activity.{party_day.code}")
    rule = _rule(tree, county_office, definition.key)
    today = date.today()
    assert rule.requirement == "每两月主题党日不少于1次"

    page = client_for(unit_staff).get(reverse("activities:activity_add"))
    assert (party_day.code, "主题党日") in page.context["form"].fields["kind"].choices
    response = client_for(unit_staff).post(reverse("activities:activity_add"), {
        "place": tree.u1.pk, "start_date": today.isoformat(), "kind": party_day.code, "title": "十二月主题党日"})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.kind_label == "主题党日"

    # Compliance: the period under way is two months long, and the unit that held one has met it.
    current = calc.period_containing(today, "bimonth")
    assert (current.start.month - 1) % 2 == 0 and current.end.month == current.start.month + 1
    table = compliance_table(rule, today=today, periods=[current])
    standing = {row.place: row.standings[0] for row in table.rows}
    assert (standing[tree.u1].done, standing[tree.u1].state) == (1, calc.MET)
    assert standing[tree.u2].done == 0 and standing[tree.u2].is_behind

    # Dashboard of the county for the year: the kind among the kinds, the county's countable among its own.
    board = client_for(county_office).get(reverse("analytics:dashboard"), {"period": str(today.year)}).context["board"]
    assert ("主题党日", 1) in [(label, n) for label, n, _url in board.by_kind]
    assert [(f.label, f.value) for f in board.own_countables] == [("主题党日", 1)]

    # The report's paragraph on activities counts it by its kind.
    found = report.publicity(tree.county, date(today.year, 1, 1), date(today.year, 12, 31))
    assert ("主题党日", 1) in found.by_kind

    # The neighbouring county sees neither the kind nor the countable.
    assert figures.office_figures(tree.neighbour, figures.Span.of("y", today)) == []
    assert "主题党日" not in dict(figures.kind_keys(tree.neighbour)).values()


def test_a_countable_narrowed_to_a_creation_field_counts_only_that_fields_records(
        tree, county_office, party_day):
    school = tree.u1.creation_field
    definition = countable_define(by=county_office, place=tree.county, name="学校主题党日",
                                  source=f"activity.{party_day.code}", creation_field=school)
    today = date.today()
    with acting_as(None, source="test"):
        for unit in (tree.u1, tree.u2, tree.u2):
            activity_create(by=None, place=unit, start_date=today, title="主题党日", kind=party_day.code)
    rule = _rule(tree, county_office, definition.key)
    table = compliance_table(rule, today=today, periods=[calc.period_containing(today, "bimonth")])
    done = {row.place: row.standings[0].done for row in table.rows}
    assert done[tree.u1] == 1 and done[tree.u2] == 0        # the two at the government are not the school's
    board = figures.dashboard(tree.county, figures.Span.of("y", today))
    assert [(f.label, f.value) for f in board.own_countables] == [("学校主题党日", 1)]
    assert ("主题党日", 3) in [(label, n) for label, n, _url in board.by_kind]


def test_a_kind_applies_below_its_county_only(tree, county_office, party_day):
    with acting_as(None, source="test"), pytest.raises(ValidationError) as refused:
        activity_create(by=None, place=tree.b1, start_date=date.today(), title="越界", kind=party_day.code)
    assert "不适用于“友谊镇”" in str(refused.value)
    with acting_as(None, source="test"), pytest.raises(ValidationError) as unknown:
        activity_create(by=None, place=tree.u1, start_date=date.today(), title="乱填", kind="nonsense")
    assert "活动类型“nonsense”不存在" in str(unknown.value)


def test_a_used_kind_cannot_be_renamed_but_can_be_archived(tree, county_office, party_day):
    assert kind_update(by=county_office, kind=party_day, label="主题党日活动").label == "主题党日活动"
    with acting_as(None, source="test"):
        activity_create(by=None, place=tree.u1, start_date=date.today(), title="主题党日", kind=party_day.code)
    with pytest.raises(ValidationError) as refused:
        kind_update(by=county_office, kind=party_day, label="党日")
    assert "不能改名" in str(refused.value)
    kind_update(by=county_office, kind=party_day, is_archived=True)
    with acting_as(None, source="test"), pytest.raises(ValidationError) as archived:
        activity_create(by=None, place=tree.u1, start_date=date.today(), title="再来", kind=party_day.code)
    assert "已停用" in str(archived.value)
    # Its past records still count under it.
    assert countables.get(f"activity.{party_day.code}").count_in_subtree(tree.county.path, date(2000, 1, 1),
                                                                        date.today()) == 1


def test_a_kind_already_offered_cannot_be_added_twice(tree, county_office, township_office, party_day):
    with pytest.raises(ValidationError):
        kind_create(by=township_office, place=tree.t1, label="主题党日")      # the county's applies here already
    with pytest.raises(ValidationError):
        kind_create(by=county_office, place=tree.county, label="宣讲")       # a national default


def test_what_a_countable_counts_is_fixed_once_a_rule_uses_it(tree, county_office, party_day):
    definition = countable_define(by=county_office, place=tree.county, name="主题党日",
                                  source=f"activity.{party_day.code}")
    _rule(tree, county_office, definition.key)
    assert countable_update(by=county_office, definition=definition, name="每两月主题党日").name == "每两月主题党日"
    with pytest.raises(ValidationError):
        countable_update(by=county_office, definition=definition, source="information.accepted")


def test_a_rule_elsewhere_cannot_use_the_countys_countable(tree, county_office, neighbour_office, party_day):
    definition = countable_define(by=county_office, place=tree.county, name="主题党日",
                                  source=f"activity.{party_day.code}")
    with pytest.raises(ValidationError) as refused:
        quota_rule_create(by=neighbour_office, place=tree.neighbour, name="抄来的", year=date.today().year,
                          countable=definition.key, minimum=1, period="month")
    assert "不适用于“友谊县”" in str(refused.value)
    with pytest.raises(ValidationError) as kind_refused:
        quota_rule_create(by=neighbour_office, place=tree.neighbour, name="抄来的类型", year=date.today().year,
                          countable=f"activity.{party_day.code}", minimum=1, period="month")
    assert "不适用于“友谊县”" in str(kind_refused.value)


def test_an_import_names_the_new_kind_by_its_label_within_the_county_only(tree, county_office, neighbour_office,
                                                                          party_day):
    kind_create(by=neighbour_office, place=tree.neighbour, label="观影")
    headers = ["开展单位（代码或名称）", "开始日期", "活动类型", "活动名称"]
    day = date.today().isoformat()
    good = ActivityImporter(county_office).run(xlsx(headers, [
        {"开展单位（代码或名称）": "U1", "开始日期": day, "活动类型": "主题党日", "活动名称": "学校主题党日"}]))
    assert good.ok, good.errors
    assert Activity.objects.get().kind == party_day.code
    elsewhere = ActivityImporter(county_office).run(xlsx(headers, [
        {"开展单位（代码或名称）": "U2", "开始日期": day, "活动类型": "观影", "活动名称": "观影"}]))
    assert not elsewhere.ok and "“观影”不是活动类型" in elsewhere.errors[0]
    assert "主题党日" in elsewhere.errors[0]          # the hint lists what the unit may use


def test_the_api_and_the_export_show_the_kinds_label(tree, county_office, unit_staff, party_day, client_for):
    with acting_as(None, source="test"):
        activity_create(by=None, place=tree.u1, start_date=date.today(), title="主题党日", kind=party_day.code)
    rows = client_for(unit_staff).get("/api/activities/").json()["results"]
    assert [(r["kind"], r["kind_label"]) for r in rows] == [(party_day.code, "主题党日")]
    listing = client_for(unit_staff).get(reverse("activities:activity_list"), {"kind": party_day.code})
    assert list(listing.context["object_list"]) == list(Activity.objects.all())


def test_the_new_kinds_facts_kept_on_each_save_equal_a_naive_count_and_a_rebuild(tree, county_office, party_day):
    from tests.analytics.helpers import rebuilt_facts, stored_facts
    from tuanjie.analytics import facts

    today = date.today()
    with acting_as(None, source="test"):
        first = activity_create(by=None, place=tree.u1, start_date=today, title="主题党日", kind=party_day.code,
                                participants=20)
        activity_create(by=None, place=tree.u2, start_date=today, title="宣讲", kind="lecture")
        first.kind = "lecture"          # moved to another kind: its figure moves with it
        first.save()
        activity_create(by=None, place=tree.u1a, start_date=today, title="主题党日", kind=party_day.code)
    incremental = stored_facts()
    assert incremental == rebuilt_facts()
    assert figures.totals(tree.county, figures.Span.of("y", today))[f"activity.{party_day.code}"]["n"] == 1
    facts.rebuild()
    assert stored_facts() == incremental
