"""Every step of the information workflow, allowed and forbidden (wrong role, wrong level, wrong state)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuanjie.core.roles import Role
from tuanjie.information import services
from tuanjie.information.models import InformationItem, Publication
from tuanjie.notifications.models import Notification

S = InformationItem.Status


@pytest.fixture
def submitted(write, unit_staff, township_office):
    return services.item_submit(item=write(), by=unit_staff)


@pytest.fixture
def accepted(submitted, township_office):
    return services.item_accept(item=submitted, by=township_office)


# ------------------------------------------------------------------ writing

def test_unit_staff_writes_a_draft_with_sanitised_body(write, unit_staff):
    item = write(body="<p onclick='x()'>好<script>alert(1)</script></p>")
    assert item.status == S.DRAFT and item.author == unit_staff
    assert "script" not in item.body and "onclick" not in item.body and "好" in item.body


def test_plain_text_becomes_paragraphs(write):
    item = write(body="第一段\n第二段")
    assert item.body == "<p>第一段</p><p>第二段</p>"


def test_unit_staff_cannot_write_for_another_unit(unit_staff, tree):
    with pytest.raises(PermissionDenied):
        services.item_create(by=unit_staff, place=tree.u2, title="标题", body="正文")


def test_empty_title_and_body_are_refused_in_chinese(unit_staff, tree):
    with pytest.raises(ValidationError) as exc:
        services.item_create(by=unit_staff, place=tree.u1, title=" ", body="<p> </p>")
    assert set(exc.value.message_dict) == {"title", "body"}
    assert InformationItem.objects.count() == 0


def test_office_may_write_about_its_own_area_but_not_for_a_unit(township_office, tree):
    own = services.item_create(by=township_office, place=tree.t1, title="城关镇召开推进会", body="正文")
    assert own.place == tree.t1
    with pytest.raises(PermissionDenied):
        services.item_create(by=township_office, place=tree.u1, title="代写", body="正文")


def test_draft_can_be_edited_and_deleted_by_its_unit_only(write, unit_staff, township_office):
    item = write()
    services.item_update(item=item, by=unit_staff, title="新标题", body="新正文")
    with pytest.raises(PermissionDenied):
        services.item_update(item=item, by=township_office, title="改", body="改")
    with pytest.raises(PermissionDenied):
        services.item_delete(item=item, by=township_office)
    services.item_delete(item=item, by=unit_staff)
    assert not InformationItem.objects.exists()


# ------------------------------------------------------------------ submit

def test_submit_goes_to_the_nearest_office_above_and_notifies_it(submitted, tree, township_office):
    assert submitted.status == S.SUBMITTED and submitted.reviewer_place == tree.t1
    assert submitted.original_title == submitted.title
    assert submitted.events.get().action == "submit"
    assert Notification.objects.filter(recipient=township_office).exists()


def test_submit_skips_a_level_without_office_staff(write, unit_staff, county_office, tree):
    item = services.item_submit(item=write(), by=unit_staff)
    assert item.reviewer_place == tree.county


def test_submit_without_any_office_above_is_refused(write, unit_staff):
    with pytest.raises(ValidationError, match="没有创建办"):
        services.item_submit(item=write(), by=unit_staff)
    assert InformationItem.objects.get().status == S.DRAFT


def test_an_office_cannot_submit_a_units_item(write, township_office):
    with pytest.raises(PermissionDenied):
        services.item_submit(item=write(), by=township_office)


def test_cadre_of_the_unit_cannot_submit(write, cadre, township_office):
    with pytest.raises(PermissionDenied):
        services.item_submit(item=write(), by=cadre)


def test_a_submitted_item_cannot_be_submitted_again_or_edited(submitted, unit_staff):
    with pytest.raises(ValidationError, match="已报送待审核"):
        services.item_submit(item=submitted, by=unit_staff)
    with pytest.raises(ValidationError):
        services.item_update(item=submitted, by=unit_staff, title="改", body="改")
    with pytest.raises(ValidationError):
        services.item_delete(item=submitted, by=unit_staff)


# ------------------------------------------------------------------ accept / return

def test_office_accepts_with_edits_and_the_units_original_is_kept(submitted, township_office, unit_staff, tree):
    item = services.item_accept(item=submitted, by=township_office, title="编辑后的标题",
                                body="编辑后的正文", comment="略作修改")
    assert item.status == S.ACCEPTED and item.accepted_at is not None
    assert item.title == "编辑后的标题" and item.body == "<p>编辑后的正文</p>"
    assert item.original_title == "城关镇中心学校开展民族团结主题班会" and "全校师生参加" in item.original_body
    assert item.was_edited
    event = item.events.last()
    assert (event.action, event.user, event.office, event.comment) == ("accept", township_office, tree.t1, "略作修改")
    assert Notification.objects.filter(recipient=unit_staff, title__contains="采用").exists()


def test_unit_staff_cannot_accept_their_own_item(submitted, unit_staff):
    with pytest.raises(PermissionDenied):
        services.item_accept(item=submitted, by=unit_staff)


def test_an_office_at_the_wrong_level_cannot_accept(submitted, county_office):
    with pytest.raises(PermissionDenied, match="城关镇"):
        services.item_accept(item=submitted, by=county_office)


def test_a_neighbour_office_cannot_accept_or_return(submitted, neighbour_office):
    with pytest.raises(PermissionDenied):
        services.item_accept(item=submitted, by=neighbour_office)
    with pytest.raises(PermissionDenied):
        services.item_return(item=submitted, by=neighbour_office, comment="不行")


def test_a_draft_cannot_be_accepted_or_returned(write, township_office):
    item = write()
    item.reviewer_place = township_office.home_place
    item.save()
    with pytest.raises(ValidationError):
        services.item_accept(item=item, by=township_office)
    with pytest.raises(ValidationError):
        services.item_return(item=item, by=township_office, comment="x")


def test_return_needs_a_comment(submitted, township_office):
    with pytest.raises(ValidationError, match="退回意见"):
        services.item_return(item=submitted, by=township_office, comment="  ")
    assert InformationItem.objects.get().status == S.SUBMITTED


def test_returned_item_is_revised_and_resubmitted(submitted, township_office, unit_staff):
    item = services.item_return(item=submitted, by=township_office, comment="请补充活动人数")
    assert item.status == S.RETURNED and item.return_comment == "请补充活动人数"
    assert Notification.objects.filter(recipient=unit_staff, kind="warning").exists()
    services.item_update(item=item, by=unit_staff, title="修改后的标题", body="共120人参加。")
    item = services.item_submit(item=item, by=unit_staff)
    assert item.status == S.SUBMITTED and item.original_title == "修改后的标题"
    assert [e.action for e in item.events.all()] == ["submit", "return", "submit"]


def test_an_accepted_item_cannot_be_returned_or_accepted_again(accepted, township_office):
    with pytest.raises(ValidationError):
        services.item_return(item=accepted, by=township_office, comment="晚了")
    with pytest.raises(ValidationError):
        services.item_accept(item=accepted, by=township_office)


# ------------------------------------------------------------------ forward / decline

def test_forward_goes_to_the_next_office_which_accepts_it_at_its_level(accepted, township_office, county_office, tree):
    item = services.item_forward(item=accepted, by=township_office, comment="推荐上报")
    assert item.status == S.FORWARDED and item.reviewer_place == tree.county and item.forwarded_from == tree.t1
    assert Notification.objects.filter(recipient=county_office).exists()
    with pytest.raises(PermissionDenied):
        services.item_accept(item=item, by=township_office)
    first_accepted = item.accepted_at
    item = services.item_accept(item=item, by=county_office)
    assert item.status == S.ACCEPTED and item.reviewer_place == tree.county
    assert item.accepted_at == first_accepted
    assert Notification.objects.filter(recipient=township_office, title__contains="采用").exists()


def test_upper_office_declines_and_the_item_goes_back(accepted, township_office, county_office, tree):
    item = services.item_forward(item=accepted, by=township_office)
    item = services.item_decline(item=item, by=county_office, comment="本期不采用")
    assert item.status == S.ACCEPTED and item.reviewer_place == tree.t1 and item.forwarded_from is None


def test_decline_is_only_for_forwarded_items(submitted, township_office):
    with pytest.raises(ValidationError):
        services.item_decline(item=submitted, by=township_office)


def test_forward_is_refused_when_no_office_is_above(write, unit_staff, county_office):
    item = services.item_submit(item=write(), by=unit_staff)
    item = services.item_accept(item=item, by=county_office)
    with pytest.raises(ValidationError, match="无法上报"):
        services.item_forward(item=item, by=county_office)


def test_forward_needs_the_right_office_and_state(submitted, accepted, unit_staff, county_office):
    with pytest.raises(PermissionDenied):
        services.item_forward(item=accepted, by=unit_staff)
    with pytest.raises(PermissionDenied):
        services.item_forward(item=accepted, by=county_office)


def test_a_submitted_item_cannot_be_forwarded(submitted, township_office, county_office):
    with pytest.raises(ValidationError):
        services.item_forward(item=submitted, by=township_office)


# ------------------------------------------------------------------ publish / withdraw

def test_office_publishes_on_channels(accepted, township_office, unit_staff):
    created = services.item_publish(item=accepted, by=township_office,
                                    channels=[Publication.Channel.PLATFORM, Publication.Channel.WECHAT])
    item = InformationItem.objects.get()
    assert item.status == S.PUBLISHED and item.published_at is not None and len(created) == 2
    assert InformationItem.objects.public().filter(pk=item.pk).exists()
    with pytest.raises(ValidationError, match="已在所选渠道"):
        services.item_publish(item=item, by=township_office, channels=[Publication.Channel.WECHAT])
    services.item_publish(item=item, by=township_office, channels=[Publication.Channel.PORTAL])
    assert item.publications.count() == 3


def test_publish_needs_a_valid_channel(accepted, township_office):
    with pytest.raises(ValidationError, match="至少选择"):
        services.item_publish(item=accepted, by=township_office, channels=[])
    with pytest.raises(ValidationError, match="没有这个发布渠道"):
        services.item_publish(item=accepted, by=township_office, channels=["tiktok"])


def test_publish_is_forbidden_to_units_other_levels_and_unaccepted_items(submitted, township_office, unit_staff,
                                                                         county_office):
    with pytest.raises(ValidationError):
        services.item_publish(item=submitted, by=township_office, channels=["platform"])
    item = services.item_accept(item=submitted, by=township_office)
    with pytest.raises(PermissionDenied):
        services.item_publish(item=item, by=unit_staff, channels=["platform"])
    with pytest.raises(PermissionDenied):
        services.item_publish(item=item, by=county_office, channels=["platform"])


def test_withdrawing_the_last_publication_returns_the_item_to_accepted(accepted, township_office):
    wechat, platform = services.item_publish(item=accepted, by=township_office, channels=["wechat", "platform"])
    services.publication_withdraw(publication=platform, by=township_office, reason="图片需更换")
    item = InformationItem.objects.get()
    assert item.status == S.PUBLISHED and not InformationItem.objects.public().exists()
    services.publication_withdraw(publication=wechat, by=township_office, reason="内容过时")
    item.refresh_from_db()
    assert item.status == S.ACCEPTED and item.published_at is None
    with pytest.raises(ValidationError):
        services.publication_withdraw(publication=wechat, by=township_office, reason="again")


def test_withdraw_needs_a_reason_and_the_publishing_office(accepted, township_office, county_office, unit_staff):
    (platform,) = services.item_publish(item=accepted, by=township_office, channels=["platform"])
    with pytest.raises(ValidationError, match="原因"):
        services.publication_withdraw(publication=platform, by=township_office, reason="")
    for user in (county_office, unit_staff):
        with pytest.raises(PermissionDenied):
            services.publication_withdraw(publication=platform, by=user, reason="不妥")


def test_a_published_item_forwarded_and_accepted_above_stays_published(accepted, township_office, county_office):
    services.item_publish(item=accepted, by=township_office, channels=["platform"])
    item = services.item_forward(item=InformationItem.objects.get(), by=township_office)
    assert item.status == S.FORWARDED and InformationItem.objects.public().exists()
    item = services.item_accept(item=item, by=county_office)
    assert item.status == S.PUBLISHED
    services.item_publish(item=item, by=county_office, channels=["media"])
    assert set(item.publications.values_list("office__name", flat=True)) == {"城关镇", "团结县"}


def test_admin_may_take_any_step_but_not_out_of_state(write, tree, township_office):
    admin = tree.person(Role.ADMIN, tree.province, "admin")
    admin.is_superuser = True
    admin.save()
    item = services.item_submit(item=write(), by=admin)
    with pytest.raises(ValidationError):
        services.item_publish(item=item, by=admin, channels=["platform"])
    services.item_accept(item=item, by=admin)


def test_allowed_actions_lists_what_the_person_may_do_now(submitted, unit_staff, township_office, county_office):
    assert services.allowed_actions(unit_staff, submitted) == []
    assert services.allowed_actions(township_office, submitted) == ["accept", "return"]
    assert services.allowed_actions(county_office, submitted) == []


def test_item_steps_are_offered_and_taken_through_the_workflow_engine(write, unit_staff, township_office,
                                                                        county_office):
    from tests.workflow_checks import change_log_updates, notifications_linking
    from tuanjie.core.workflow import Workflow
    from tuanjie.information.services.workflow import ITEMS

    item = write()
    assert isinstance(ITEMS, Workflow)
    assert services.allowed_actions(unit_staff, item) == ["submit"]
    assert services.allowed_actions(township_office, item) == []
    services.item_submit(item=item, by=unit_staff)
    assert item.events.count() == 1 and len(change_log_updates(item)) == 1
    assert [n.recipient for n in notifications_linking(item)] == [township_office]
    item.refresh_from_db()
    assert services.allowed_actions(county_office, item) == []
