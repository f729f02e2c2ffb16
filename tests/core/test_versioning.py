"""Lost updates: two people open the same record; the first saves; the second's save is refused, told who changed
what (their input against what is saved now), and saving again re-applies on purpose. The API's ETag and If-Match
do the same for scripts."""

import re
from datetime import date

import pytest
from django.test import Client

from tuanjie.activities.models import Activity
from tuanjie.activities.services import activity_create
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role
from tuanjie.information.models import InformationItem
from tuanjie.information.services import item_create


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token(response) -> str:
    found = re.search(r'name="_version" value="([^"]+)"', response.content.decode())
    assert found, "the edit page carries its version"
    return found.group(1)


def alert(response) -> str:
    html = response.content.decode()
    return re.sub(r"<[^>]+>", "", html[html.index('alert-danger'):html.index("</div>\n", html.index('alert-danger'))])


@pytest.fixture
def activity(tree, county_office):
    with acting_as(county_office, source="test"):
        return activity_create(by=county_office, place=tree.u1, start_date=date(2026, 5, 12), kind="lecture",
                               title="民族团结进步主题宣讲", participants=40)


def activity_form(activity, **changes) -> dict:
    data = {"place": activity.place_id, "start_date": "2026-05-12", "kind": "lecture", "title": activity.title,
            "participants": str(activity.participants), "location": "", "output_text": "", "output_quantity": "",
            "creation_field": "", "plan_task": "", "description": ""}
    return {**data, **changes}


def test_the_second_editor_of_an_activity_is_told_what_the_first_changed_and_can_re_apply(
        activity, county_office, township_office):
    first, second = signed_in(county_office), signed_in(township_office)
    url = f"/activities/{activity.pk}/edit/"
    first_token, second_token = token(first.get(url)), token(second.get(url))

    saved = first.post(url, activity_form(activity, title="石榴籽宣讲进校园", _version=first_token))
    refused = second.post(url, activity_form(activity, participants="55", _version=second_token))

    assert saved.status_code == 302
    assert refused.status_code == 200
    message = alert(refused)
    assert "创建办工作人员团结县" in message                       # who saved in between
    assert "“活动名称”：现已保存为“石榴籽宣讲进校园”，您填写的是“民族团结进步主题宣讲”" in message
    assert "参加人数" not in message                               # only what the other person changed
    assert Activity.objects.get(pk=activity.pk).title == "石榴籽宣讲进校园"
    assert Activity.objects.get(pk=activity.pk).participants == 40

    again = second.post(url, activity_form(activity, participants="55", _version=token(refused)))

    assert again.status_code == 302
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, stored.participants) == ("民族团结进步主题宣讲", 55)


def test_an_editor_who_sets_the_same_value_as_the_other_is_not_refused(activity, county_office, township_office):
    first, second = signed_in(county_office), signed_in(township_office)
    url = f"/activities/{activity.pk}/edit/"
    first_token, second_token = token(first.get(url)), token(second.get(url))

    first.post(url, activity_form(activity, title="石榴籽宣讲进校园", _version=first_token))
    response = second.post(url, activity_form(activity, title="石榴籽宣讲进校园", participants="55",
                                              _version=second_token))

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).participants == 55


def test_two_writers_of_one_information_draft_cannot_overwrite_each_other(tree, unit_staff):
    colleague = tree.person(Role.UNIT, tree.u1, "unit_colleague")
    with acting_as(unit_staff, source="test"):
        item = item_create(by=unit_staff, place=tree.u1, title="我校开展民族团结月活动", body="<p>初稿</p>")
    first, second = signed_in(unit_staff), signed_in(colleague)
    url = f"/information/{item.pk}/edit/"
    first_token, second_token = token(first.get(url)), token(second.get(url))
    form = {"kind": "news", "title": item.title}

    assert first.post(url, {**form, "body": "<p>第二稿：补充了照片说明</p>", "_version": first_token}).status_code == 302
    refused = second.post(url, {**form, "body": "<p>另一份修改</p>", "_version": second_token})

    assert refused.status_code == 200
    assert "“正文”：现已保存为“<p>第二稿：补充了照片说明</p>”" in refused.content.decode().replace("&lt;", "<").replace(
        "&gt;", ">")
    assert InformationItem.objects.get(pk=item.pk).body == "<p>第二稿：补充了照片说明</p>"


def test_the_api_sends_an_etag_and_refuses_a_stale_if_match_with_412(activity, county_office, township_office):
    first, second = signed_in(county_office), signed_in(township_office)
    url = f"/api/activities/{activity.pk}/"
    tag = first.get(url)["ETag"]
    assert tag == second.get(url)["ETag"]

    saved = first.patch(url, {"title": "石榴籽宣讲进校园"}, content_type="application/json", headers={"If-Match": tag})
    refused = second.patch(url, {"participants": 55}, content_type="application/json", headers={"If-Match": tag})

    assert saved.status_code == 200 and saved["ETag"] != tag
    assert refused.status_code == 412
    assert "已被他人修改" in refused.json()["detail"]
    assert Activity.objects.get(pk=activity.pk).participants == 40

    fresh = second.get(url)["ETag"]
    assert fresh == saved["ETag"]
    assert second.patch(url, {"participants": 55}, content_type="application/json",
                        headers={"If-Match": fresh}).status_code == 200
    assert Activity.objects.get(pk=activity.pk).participants == 55


def test_the_api_allows_a_write_without_if_match_unless_the_setting_requires_it(activity, county_office, settings):
    client = signed_in(county_office)
    url = f"/api/activities/{activity.pk}/"

    assert client.patch(url, {"participants": 41}, content_type="application/json").status_code == 200

    settings.TUANJIE_API_REQUIRE_IF_MATCH = True
    response = client.patch(url, {"participants": 42}, content_type="application/json")

    assert response.status_code == 428 and "If-Match" in response.json()["detail"]
    assert Activity.objects.get(pk=activity.pk).participants == 41


def test_an_editor_refused_after_a_command_changed_the_record_is_told_the_system_did_not_the_sources_code(
        activity, county_office):
    from tuanjie.activities.services import activity_update

    editor = signed_in(county_office)
    url = f"/activities/{activity.pk}/edit/"
    opened = token(editor.get(url))
    with acting_as(None, source="command"):
        activity_update(by=None, activity=activity, title="命令改过的标题")
    message = alert(editor.post(url, activity_form(activity, title="我的标题", _version=opened)))
    assert "系统于" in message and "command" not in message
