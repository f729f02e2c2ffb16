"""A visit can carry photos, added in the contact form with its needs. They show the household, so they follow the
household rule: the paired cadre, the group leader and the programme's own office open them; a county office above
the programme (which reads the counts) and another cadre of the same programme do not, on the page or by address."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories_attachments import PNG_1PX
from tests.pairing.test_visit_form import visit
from tuanjie.attachments.models import Attachment
from tuanjie.core.roles import Role
from tuanjie.pairing.models import Contact, Need


@pytest.fixture
def photo_of_a_visit(scene, client_for):
    response = client_for(scene.cadre).post(reverse("pairing:contact_add"), {
        **visit(scene, [("housing", "屋顶漏雨")]), "photos": [SimpleUploadedFile("屋顶.png", PNG_1PX)]})
    assert response.status_code == 302
    return Attachment.objects.get()


def test_the_contact_form_saves_the_visit_its_need_and_its_photo_in_one_go(scene, photo_of_a_visit):
    contact = Contact.objects.get()
    assert photo_of_a_visit.owner == contact and photo_of_a_visit.original_name == "屋顶.png"
    assert Need.objects.get().description == "屋顶漏雨"


def test_a_refused_visit_keeps_no_photo(scene, client_for, settings):
    response = client_for(scene.cadre).post(reverse("pairing:contact_add"), {
        **visit(scene, date="2026-01-05"), "photos": [SimpleUploadedFile("屋顶.png", PNG_1PX)]})
    assert "联系日期不能早于结对日期" in response.content.decode()
    assert not Contact.objects.exists() and not Attachment.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_the_cadre_the_group_leader_and_the_programme_office_open_the_photo(scene, photo_of_a_visit, client_for,
                                                                            unit_staff):
    for person in (scene.cadre, scene.leader, unit_staff):
        client = client_for(person)
        assert client.get(reverse("attachments:download", args=[photo_of_a_visit.pk])).status_code == 200
        assert client.get(reverse("attachments:thumbnail", args=[photo_of_a_visit.pk])).status_code == 200
    page = client_for(scene.cadre).get(reverse("pairing:contact_detail", args=[photo_of_a_visit.object_id]))
    assert reverse("attachments:thumbnail", args=[photo_of_a_visit.pk]) in page.content.decode()


def test_a_county_office_that_is_not_the_programmes_cannot_open_a_contact_photo(scene, photo_of_a_visit, client_for,
                                                                               county_office, township_office):
    for person in (county_office, township_office, scene.other_cadre):
        client = client_for(person)
        assert client.get(reverse("attachments:download", args=[photo_of_a_visit.pk])).status_code == 404
        assert client.get(reverse("attachments:thumbnail", args=[photo_of_a_visit.pk])).status_code == 404
        assert not Attachment.objects.restrict(person).exists()


def test_an_activity_photo_still_follows_the_place_rule(tree, county_office, unit_staff, client_for):
    client_for(unit_staff).post("/activities/add/", {
        "place": tree.u1.pk, "start_date": "2026-05-12", "kind": "class_meeting", "title": "主题班会",
        "photos": [SimpleUploadedFile("班会.png", PNG_1PX)]})
    photo = Attachment.objects.get()
    assert client_for(county_office).get(reverse("attachments:download", args=[photo.pk])).status_code == 200
    inspector = tree.person(Role.INSPECTOR, tree.county, "inspector")
    assert Attachment.objects.restrict(inspector).filter(pk=photo.pk).exists()


def test_a_cadre_may_not_add_photos_to_someone_elses_contact(scene, photo_of_a_visit):
    from django.core.exceptions import PermissionDenied

    from tuanjie.attachments.services import attach

    with pytest.raises(PermissionDenied):
        attach(owner=photo_of_a_visit.owner, file=SimpleUploadedFile("x.png", PNG_1PX), by=scene.other_cadre)
