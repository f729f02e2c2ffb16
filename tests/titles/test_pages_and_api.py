from datetime import date

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
    assert response.status_code == 400
    response = client_for(county_office).post(f"/api/title-applications/{pk}/pass/")
    assert response.status_code == 200 and response.json()["current_step_name"] == "审核推荐"


def test_the_api_records_a_re_inspection(client_for, province_office, new_application, walk, city_quota):
    title = walk(new_application(), 4).title
    response = client_for(province_office).post(
        f"/api/titles/{title.pk}/reinspect/", {"passed": False, "findings": "不合格", "inspected_on": "2029-10-01"},
        content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "rectifying"
