"""Editing a campaign's settings runs the checks of creating it, and only while nominations are open."""

from datetime import date

from tuanjie.commendations.services import campaign_act, nomination_act


def campaign_fields(campaign, **changes):
    return {"place": campaign.place_id, "name": campaign.name, "year": campaign.year, "description": "",
            "nomination_deadline": "2026-10-31", "quota_collective": campaign.quota_collective,
            "quota_individual": campaign.quota_individual, "quota_family": campaign.quota_family, **changes}


def test_a_campaign_cannot_be_edited_to_have_no_places_at_all(client_for, county_office, campaign):
    response = client_for(county_office).post(f"/commendations/{campaign.pk}/edit/", campaign_fields(
        campaign, quota_collective=0, quota_individual=0, quota_family=0))
    assert "请至少为一个类别设定名额" in response.content.decode()
    campaign.refresh_from_db()
    assert (campaign.quota_collective, campaign.quota_individual, campaign.quota_family) == (1, 2, 1)


def test_a_campaign_is_edited_while_nominations_are_open(client_for, county_office, campaign):
    response = client_for(county_office).post(f"/commendations/{campaign.pk}/edit/", campaign_fields(
        campaign, name="  2026年度模范集体和个人评选 ", quota_individual=3))
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign.refresh_from_db()
    assert (campaign.name, campaign.quota_individual) == ("2026年度模范集体和个人评选", 3)


def test_a_campaign_on_public_notice_cannot_be_edited(client_for, county_office, campaign, nominate):
    nomination_act(by=county_office, nomination=nominate("王芳"), action="accept")
    campaign_act(by=county_office, campaign=campaign, action="start_notice", notice_start=date(2026, 11, 1),
                 notice_end=date(2026, 11, 7))
    response = client_for(county_office).post(f"/commendations/{campaign.pk}/edit/", campaign_fields(
        campaign, quota_individual=5))
    assert "公示开始后不能再修改评选设置" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.quota_individual == 2
