"""The pages: a unit writes with photos from a phone form and submits; the office reviews in its queue (HTMX),
publishes; the public pages show only published items, without login."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tuanjie.attachments.models import Attachment
from tuanjie.information import services
from tuanjie.information.models import InformationItem


def _jpeg(name="现场.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def published(write, unit_staff, township_office):
    item = services.item_submit(item=write(title="城关镇中心学校举办石榴籽主题班会"), by=unit_staff)
    services._attach(item, [_jpeg()], unit_staff)
    item = services.item_accept(item=item, by=township_office)
    services.item_publish(item=item, by=township_office, channels=["platform"])
    return InformationItem.objects.get(pk=item.pk)


def test_unit_writes_an_item_with_photos_and_submits_it(client_for, unit_staff, township_office, tree):
    client = client_for(unit_staff)
    page = client.get(reverse("information:item_add"))
    assert page.status_code == 200 and "照片" in page.content.decode()
    response = client.post(reverse("information:item_add"), {
        "place": tree.u1.pk, "kind": "news", "title": "学校开展民族团结宣讲", "body": "全校师生参加。",
        "photos": [_jpeg("a.jpg"), _jpeg("b.jpg")]})
    item = InformationItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert Attachment.objects.for_object(item).count() == 2
    detail = client.get(item.get_absolute_url()).content.decode()
    assert 'data-testid="submit"' in detail
    client.post(reverse("information:item_step", args=[item.pk, "submit"]))
    item.refresh_from_db()
    assert item.status == "submitted" and item.reviewer_place == tree.t1


def test_a_bad_photo_refuses_the_whole_item(client_for, unit_staff, tree):
    response = client_for(unit_staff).post(reverse("information:item_add"), {
        "place": tree.u1.pk, "kind": "news", "title": "标题", "body": "正文",
        "photos": [_jpeg(), SimpleUploadedFile("x.jpg", b"not an image")]})
    assert response.status_code == 200 and "不是支持的文件类型" in response.content.decode()
    assert not InformationItem.objects.exists() and not Attachment.objects.exists()


def test_office_accepts_from_its_queue_with_htmx(client_for, write, unit_staff, township_office):
    item = services.item_submit(item=write(), by=unit_staff)
    client = client_for(township_office)
    queue = client.get(reverse("information:queue")).content.decode()
    assert item.title in queue
    response = client.post(reverse("information:item_step", args=[item.pk, "accept"]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "已采用" in response.content.decode()
    assert InformationItem.objects.get().status == "accepted"


def test_return_from_the_queue_without_comment_shows_the_error(client_for, write, unit_staff, township_office):
    item = services.item_submit(item=write(), by=unit_staff)
    response = client_for(township_office).post(reverse("information:item_step", args=[item.pk, "return"]),
                                                HTTP_HX_REQUEST="true")
    assert "退回意见" in response.content.decode()
    assert InformationItem.objects.get().status == "submitted"


def test_the_wrong_office_gets_403_on_a_step(client_for, write, unit_staff, township_office, county_office):
    item = services.item_submit(item=write(), by=unit_staff)
    assert client_for(county_office).post(reverse("information:item_step", args=[item.pk, "accept"])).status_code == 403
    assert client_for(county_office).get(reverse("information:item_review", args=[item.pk])).status_code == 403


def test_neighbour_office_cannot_even_see_the_item(client_for, write, unit_staff, township_office, neighbour_office):
    item = services.item_submit(item=write(), by=unit_staff)
    client = client_for(neighbour_office)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.post(reverse("information:item_step", args=[item.pk, "accept"])).status_code == 404


def test_review_page_accepts_with_edits(client_for, write, unit_staff, township_office):
    item = services.item_submit(item=write(), by=unit_staff)
    client = client_for(township_office)
    assert client.get(reverse("information:item_review", args=[item.pk])).status_code == 200
    client.post(reverse("information:item_review", args=[item.pk]),
                {"title": "改后的标题", "body": "改后的正文", "comment": "", "decision": "accept"})
    item.refresh_from_db()
    assert item.status == "accepted" and item.title == "改后的标题" and item.was_edited
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "单位原稿" in detail and "处理记录" in detail


def test_publish_page_publishes_and_withdraw_works(client_for, write, unit_staff, township_office):
    item = services.item_accept(item=services.item_submit(item=write(), by=unit_staff), by=township_office)
    client = client_for(township_office)
    assert client.get(reverse("information:item_publish", args=[item.pk])).status_code == 200
    client.post(reverse("information:item_publish", args=[item.pk]), {"channels": ["platform", "wechat"]})
    item.refresh_from_db()
    assert item.status == "published"
    platform = item.publications.get(channel="platform")
    client.post(reverse("information:publication_withdraw", args=[item.pk, platform.pk]), {"reason": "需核实"})
    platform.refresh_from_db()
    assert platform.withdrawn_at is not None


def test_list_page_shows_the_units_items(client_for, write, unit_staff):
    write(title="我的第一条信息")
    page = client_for(unit_staff).get(reverse("information:item_list"))
    assert page.status_code == 200 and "我的第一条信息" in page.content.decode()


# ------------------------------------------------------------------ public pages

def test_public_pages_work_without_login_and_show_only_published_items(client, published, write):
    write(title="还在草稿中的信息")
    for name in ("public:home", "public:news_list"):
        body = client.get(reverse(name)).content.decode()
        assert published.title in body and "还在草稿中的信息" not in body
    detail = client.get(reverse("public:news_detail", args=[published.pk]))
    assert detail.status_code == 200 and published.title in detail.content.decode()
    assert 'data-testid="photos"' in detail.content.decode()


def test_unpublished_items_and_their_photos_are_not_public(client, write, unit_staff, township_office):
    item = write()
    (photo,) = services._attach(item, [_jpeg()], unit_staff) or Attachment.objects.for_object(item)
    assert client.get(reverse("public:news_detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("public:photo", args=[photo.pk])).status_code == 404
    assert client.get(reverse("public:photo_thumb", args=[photo.pk])).status_code == 404


def test_photos_of_a_published_item_are_served_publicly(client, published):
    photo = Attachment.objects.for_object(published).get()
    response = client.get(reverse("public:photo_thumb", args=[photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(reverse("public:photo", args=[photo.pk])).status_code == 200


def test_a_withdrawn_item_leaves_the_public_pages(client, published, township_office):
    services.publication_withdraw(publication=published.publications.get(), by=township_office, reason="撤回")
    assert published.title not in client.get(reverse("public:news_list")).content.decode()
    assert client.get(reverse("public:news_detail", args=[published.pk])).status_code == 404


def test_items_published_only_on_wechat_are_not_on_the_public_page(client, write, unit_staff, township_office):
    item = services.item_accept(item=services.item_submit(item=write(), by=unit_staff), by=township_office)
    services.item_publish(item=item, by=township_office, channels=["wechat"])
    assert client.get(reverse("public:news_detail", args=[item.pk])).status_code == 404


def test_public_list_filters_by_place_and_pages(client, published, tree):
    body = client.get(reverse("public:news_list"), {"place": tree.t1.pk}).content.decode()
    assert published.title in body and "城关镇" in body
    body = client.get(reverse("public:news_list"), {"place": tree.t2.pk}).content.decode()
    assert published.title not in body
    assert client.get(reverse("public:news_list"), {"page": 99}).status_code == 200


def test_public_pages_hold_nothing_personal(client, published, unit_staff):
    body = client.get(reverse("public:news_detail", args=[published.pk])).content.decode()
    assert unit_staff.full_name not in body and unit_staff.username not in body


def test_returned_item_is_revised_on_the_edit_page_and_a_draft_deleted(client_for, write, unit_staff,
                                                                        township_office):
    item = services.item_return(item=services.item_submit(item=write(), by=unit_staff), by=township_office,
                                comment="请补充人数")
    client = client_for(unit_staff)
    page = client.get(reverse("information:item_edit", args=[item.pk]))
    assert page.status_code == 200
    client.post(reverse("information:item_edit", args=[item.pk]),
                {"kind": "news", "title": "补充后的标题", "body": "共120人参加。"})
    item.refresh_from_db()
    assert item.title == "补充后的标题" and item.status == "returned"
    draft = write(title="不要了")
    assert client.get(reverse("information:item_delete", args=[draft.pk])).status_code == 200
    client.post(reverse("information:item_delete", args=[draft.pk]))
    assert not InformationItem.objects.filter(pk=draft.pk).exists()


def test_a_submitted_item_cannot_be_edited_on_the_page(client_for, write, unit_staff, township_office):
    item = services.item_submit(item=write(), by=unit_staff)
    response = client_for(unit_staff).post(reverse("information:item_edit", args=[item.pk]),
                                           {"kind": "news", "title": "偷改", "body": "偷改"})
    assert response.status_code == 200 and "不能修改" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "偷改"


def test_public_home_links_the_public_sections(client, db):
    body = client.get(reverse("public:home")).content.decode()
    assert 'data-testid="sections"' in body and reverse("public:news_list") in body


def test_review_and_publish_pages_of_an_item_in_the_wrong_state_explain_why(client_for, write, unit_staff,
                                                                            township_office):
    item = services.item_submit(item=write(), by=unit_staff)
    client = client_for(township_office)
    response = client.get(reverse("information:item_publish", args=[item.pk]), follow=True)
    assert "不能发布" in response.content.decode()
    services.item_accept(item=item, by=township_office)
    response = client.get(reverse("information:item_review", args=[item.pk]), follow=True)
    assert "不能采用" in response.content.decode()


def test_the_queue_shows_the_buttons_the_workflow_offers(client_for, write, unit_staff, township_office,
                                                         county_office):
    item = services.item_submit(item=write(), by=unit_staff)
    step = lambda name: reverse("information:item_step", args=[item.pk, name])  # noqa: E731
    queue = client_for(township_office).get(reverse("information:queue")).content.decode()
    assert step("accept") in queue and step("return") in queue and step("decline") not in queue
    services.item_accept(item=item, by=township_office)
    services.item_forward(item=item, by=township_office)
    queue = client_for(county_office).get(reverse("information:queue")).content.decode()
    assert step("accept") in queue and step("decline") in queue and step("return") not in queue
