from datetime import date

from tuanjie.commendations.models import Nomination
from tuanjie.commendations.services import nomination_act


def test_a_unit_nominates_on_the_page_and_the_office_accepts(tree, client_for, unit_staff, county_office, campaign):
    campaign.nomination_deadline = None
    campaign.save()
    client = client_for(unit_staff)
    response = client.post(f"/commendations/{campaign.pk}/nominate/", {
        "unit": tree.u1.pk, "category": "individual", "nominee_name": "王芳", "summary": "热心公益",
        "deeds": "<p>事迹<img src=x onerror=alert(1)></p>"})
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and nomination.deeds == "<p>事迹</p>"
    office = client_for(county_office)
    assert "审核通过" in office.get(nomination.get_absolute_url()).content.decode()
    office.post(f"/commendations/nominations/{nomination.pk}/accept/")
    nomination.refresh_from_db()
    assert nomination.status == "accepted"
    office.post(f"/commendations/{campaign.pk}/start_notice/", {"notice_start": "2026-11-20",
                                                                "notice_end": "2026-11-26"})
    campaign.refresh_from_db()
    assert campaign.status == "notice"


def test_pages_open_for_an_office(client_for, county_office, campaign, nominate):
    nomination = nominate()
    client = client_for(county_office)
    for url in ("/commendations/", campaign.get_absolute_url(), nomination.get_absolute_url(),
                "/commendations/nominations/", "/commendations/honours/", f"/commendations/{campaign.pk}/edit/"):
        assert client.get(url).status_code == 200, url


def test_honours_are_listed_per_unit_and_per_person(tree, client_for, county_office, campaign, nominate):
    from tuanjie.commendations.services import campaign_act

    nomination_act(by=county_office, nomination=nominate("王芳"), action="accept")
    campaign_act(by=county_office, campaign=campaign, action="start_notice", notice_start=date(2026, 11, 1),
                 notice_end=date(2026, 11, 7))
    campaign_act(by=county_office, campaign=campaign, action="decide", decision_no="团发〔2026〕30号",
                 today=date(2026, 11, 20))
    client = client_for(county_office)
    assert "王芳" in client.get(f"/commendations/honours/?unit={tree.u1.pk}").content.decode()
    assert "王芳" not in client.get(f"/commendations/honours/?unit={tree.u2.pk}").content.decode()
    assert "王芳" in client.get("/commendations/honours/?name=王芳").content.decode()
    neighbour = client_for(tree.person("office", tree.neighbour))
    assert "城关镇中心学校" not in neighbour.get("/commendations/honours/?name=王芳").content.decode()


def test_the_api_creates_and_reviews_nominations(tree, client_for, unit_staff, county_office, campaign):
    campaign.nomination_deadline = None
    campaign.save()
    response = client_for(unit_staff).post("/api/commendation-nominations/", {
        "campaign": campaign.pk, "place": tree.u1.pk, "category": "collective", "nominee_name": "城关镇中心学校",
        "summary": "摘要", "deeds": "<p>事迹</p>"}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client_for(unit_staff).post(f"/api/commendation-nominations/{pk}/accept/").status_code == 403
    assert client_for(county_office).post(f"/api/commendation-nominations/{pk}/reject/").status_code == 422
    response = client_for(county_office).post(f"/api/commendation-nominations/{pk}/accept/")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = client_for(county_office).post(f"/api/commendation-campaigns/{campaign.pk}/start-notice/",
                                              {"notice_start": "2026-11-20", "notice_end": "2026-11-26"},
                                              content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "notice"
