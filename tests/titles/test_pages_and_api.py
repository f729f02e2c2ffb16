from datetime import date

from tuanjie.core.roles import Role
from tuanjie.titles.models import TitleApplication


def test_a_unit_applies_on_the_page_and_the_county_reviews_it(tree, levels, client_for, unit_staff, county_office):
    client = client_for(unit_staff)
    response = client.post("/titles/apply/", {"place": tree.u1.pk, "title_level": levels["省级"].pk,
                                              "year": 2026, "deeds": "开展“石榴籽”主题活动"})
    application = TitleApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    client.post(f"/titles/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.status == "in_review"
    page = client_for(county_office).get(application.get_absolute_url()).content.decode()
    assert "初审" in page and "/pass/" in page
    client_for(county_office).post(f"/titles/applications/{application.pk}/return/", {"reason": ""})
    application.refresh_from_db()
    assert application.status == "in_review"  # refused: no reason given
    client_for(county_office).post(f"/titles/applications/{application.pk}/pass/")
    application.refresh_from_db()
    assert application.current_step.name == "审核推荐"


def test_pages_open_for_an_office(tree, levels, client_for, county_office, province_office, new_application, walk,
                                  city_quota):
    title = walk(new_application(), 4).title
    client = client_for(county_office)
    for url in ("/titles/", "/titles/named/", "/titles/quotas/", "/titles/configuration/", "/titles/apply/",
                title.get_absolute_url(), title.application.get_absolute_url()):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/titles/quotas/{city_quota.pk}/").status_code == 404  # the city's quota is not the county's
    province = client_for(province_office)
    for url in (f"/titles/quotas/{city_quota.pk}/", f"/titles/quotas/{city_quota.pk}/edit/", "/titles/quotas/add/"):
        assert province.get(url).status_code == 200, url


def test_a_re_inspection_is_recorded_on_the_page(tree, client_for, province_office, new_application, walk,
                                                 city_quota):
    title = walk(new_application(), 4).title
    client = client_for(province_office)
    assert "录入复检复验结果" in client.get(title.get_absolute_url()).content.decode()
    client.post(f"/titles/named/{title.pk}/reinspect/", {"result": "failed", "inspected_on": "2029-10-01",
                                                         "findings": "台账缺失", "rectification_deadline": "2030-01-31"})
    title.refresh_from_db()
    assert title.status == "rectifying" and title.rectification_deadline == date(2030, 1, 31)


def test_the_api_walks_an_application_and_refuses_the_wrong_office(tree, levels, client_for, unit_staff,
                                                                   county_office, city_office):
    client = client_for(unit_staff)
    created = client.post("/api/title-applications/", {"place": tree.u1.pk, "title_level": levels["省级"].pk,
                                                       "year": 2026, "deeds": "事迹"}, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.post(f"/api/title-applications/{pk}/submit/").json()["current_step_name"] == "初审"
    assert client_for(city_office).post(f"/api/title-applications/{pk}/pass/").status_code == 403
    response = client_for(county_office).post(f"/api/title-applications/{pk}/return/", {},
                                              content_type="application/json")
    assert response.status_code == 422
    response = client_for(county_office).post(f"/api/title-applications/{pk}/pass/")
    assert response.status_code == 200 and response.json()["current_step_name"] == "审核推荐"


def test_the_api_records_a_re_inspection(client_for, province_office, new_application, walk, city_quota):
    title = walk(new_application(), 4).title
    response = client_for(province_office).post(
        f"/api/titles/{title.pk}/reinspect/", {"passed": False, "findings": "不合格", "inspected_on": "2029-10-01"},
        content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "rectifying"


def test_only_a_system_administrator_changes_the_chain(tree, levels, client_for, province_office):
    from tuanjie.titles.models import TitleStep

    level = levels["县级"]
    assert client_for(province_office).get(f"/titles/configuration/{level.pk}/").status_code == 403
    admin = tree.person(Role.ADMIN, tree.province, "sysadmin")
    client = client_for(admin)
    assert client.get(f"/titles/configuration/{level.pk}/").status_code == 200
    steps = list(level.steps.order_by("order"))
    data = {"name": "县级", "title_name": level.title_name, "order": 10, "validity_years": 3,
            "reinspection_years": 2, "rectification_months": 6, "reinspector_level": level.reinspector_level_id,
            "default_subsidy": "1.00", "application_threshold": "90", "is_active": "on",
            "steps-TOTAL_FORMS": len(steps) + 1, "steps-INITIAL_FORMS": len(steps),
            "steps-MIN_NUM_FORMS": 0, "steps-MAX_NUM_FORMS": 1000}
    for i, step in enumerate(steps):
        data.update({f"steps-{i}-id": step.pk, f"steps-{i}-title_level": level.pk, f"steps-{i}-order": step.order,
                     f"steps-{i}-name": step.name, f"steps-{i}-kind": step.kind,
                     f"steps-{i}-office_level": step.office_level_id})
    # a naming step that is not last is refused
    bad = dict(data, **{f"steps-{len(steps)}-order": 99, f"steps-{len(steps)}-name": "复核",
                        f"steps-{len(steps)}-kind": "review", f"steps-{len(steps)}-office_level":
                        steps[0].office_level_id})
    assert "最后一个环节" in client.post(f"/titles/configuration/{level.pk}/", bad).content.decode()
    data[f"steps-{len(steps)}-kind"] = "review"  # the untouched extra row, as a browser posts it
    data["steps-0-DELETE"] = "on"  # drop the township's initial review
    response = client.post(f"/titles/configuration/{level.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert list(TitleStep.objects.filter(title_level=level).values_list("name", flat=True)) == ["验收", "命名授牌"]


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_application_materials_are_attached_or_nothing_is_saved(tree, levels, client_for, unit_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tuanjie.attachments.models import Attachment

    client = client_for(unit_staff)
    form = {"place": tree.u1.pk, "title_level": levels["省级"].pk, "year": 2026, "deeds": "事迹"}
    bad = SimpleUploadedFile("申报表.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client.post("/titles/apply/", {**form, "materials": [bad]})
    assert response.status_code == 200 and not TitleApplication.objects.exists()
    good = SimpleUploadedFile("现场照片.png", _png(), content_type="image/png")
    response = client.post("/titles/apply/", {**form, "materials": [good]})
    application = TitleApplication.objects.get()
    assert response.status_code == 302 and Attachment.objects.for_object(application).count() == 1
