from datetime import date

from django.utils import timezone

from tuanjie.commendations.services import campaign_act, campaign_create, nomination_act


def _campaign_in_notice(tree, user, nominate, start, end, name):
    from tuanjie.commendations.services import nomination_create

    campaign = campaign_create(by=user, place=tree.county, name=name, year=2026, quota_individual=3)
    nomination = nomination_create(by=nominate, campaign=campaign, unit=tree.u1, category="individual",
                                   nominee_name="王芳", summary="十年如一日帮扶邻里", deeds="<p>详细事迹</p>")
    nomination_act(by=user, nomination=nomination, action="accept")
    return campaign_act(by=user, campaign=campaign, action="start_notice", notice_start=start, notice_end=end)


def test_the_public_notice_page_works_without_sign_in_and_shows_only_name_unit_and_summary(
        client, tree, county_office, unit_staff):
    today = timezone.localdate()
    campaign = _campaign_in_notice(tree, county_office, unit_staff, today, today, "本年度模范评选")
    listing = client.get("/public/commendations/")
    assert listing.status_code == 200 and "本年度模范评选" in listing.content.decode()
    page = client.get(f"/public/commendations/{campaign.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "王芳" in text and "城关镇中心学校" in text and "十年如一日帮扶邻里" in text
    assert "详细事迹" not in text


def test_notices_outside_their_period_are_not_shown(client, tree, county_office, unit_staff):
    past = _campaign_in_notice(tree, county_office, unit_staff, date(2020, 1, 1), date(2020, 1, 7), "往年评选")
    future = _campaign_in_notice(tree, county_office, unit_staff, date(2099, 1, 1), date(2099, 1, 7), "将来评选")
    text = client.get("/public/commendations/").content.decode()
    assert "往年评选" not in text and "将来评选" not in text
    assert client.get(f"/public/commendations/{past.pk}/").status_code == 404
    assert client.get(f"/public/commendations/{future.pk}/").status_code == 404


def test_an_open_campaign_has_no_public_page(client, tree, county_office):
    campaign = campaign_create(by=county_office, place=tree.county, name="征集中", year=2026, quota_individual=1)
    assert client.get(f"/public/commendations/{campaign.pk}/").status_code == 404
