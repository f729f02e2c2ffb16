"""The agreement's steps and the evidence upload through the pages and the API, as a new user would take them."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories_attachments import PNG_1PX
from tuanjie.agreements import services
from tuanjie.agreements.models import Agreement, InclusionItem
from tuanjie.attachments.models import Attachment


def _issued(tree, township_office):
    agreement = services.agreement_create(by=township_office, place=tree.u1, issuer=tree.t1, year=2026,
                                          title="中心学校目标责任书", issuer_post="镇党委书记", party_post="校长")
    services.target_create(by=township_office, agreement=agreement, kind="written", text="成立领导小组")
    return services.agreement_act(by=township_office, agreement=agreement, action="issue", issued_on=date(2026, 3, 1))


def test_the_unit_signs_on_its_page_with_the_scan_in_the_same_form(tree, township_office, unit_staff, client_for):
    agreement = _issued(tree, township_office)
    client = client_for(unit_staff)
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "确认签订" in page
    response = client.post(f"/agreements/{agreement.pk}/sign/", {
        "signed_on": "2026-03-20", "files": SimpleUploadedFile("scan.png", PNG_1PX, "image/png")})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "signed" and str(agreement.signed_on) == "2026-03-20"
    assert Attachment.objects.for_object(agreement).count() == 1


def test_a_signing_date_before_the_issue_is_refused_with_the_reason(tree, township_office, unit_staff, client_for):
    agreement = _issued(tree, township_office)
    response = client_for(unit_staff).post(f"/agreements/{agreement.pk}/sign/", {
        "signed_on": "2026-02-01", "files": SimpleUploadedFile("scan.png", PNG_1PX, "image/png")}, follow=True)
    assert "签订日期不能早于下达日期" in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).status == "issued"
    assert not Attachment.objects.for_object(agreement).exists()     # nothing half-written


def test_signing_through_the_api_without_a_scan_is_a_422_that_says_so(tree, township_office, unit_staff,
                                                                      client_for):
    agreement = _issued(tree, township_office)
    client = client_for(unit_staff)
    assert [s["action"] for s in client.get(f"/api/agreements/{agreement.pk}/steps/").json()] == ["sign"]
    response = client.post(f"/api/agreements/{agreement.pk}/sign/", {}, content_type="application/json")
    assert response.status_code == 422 and "扫描件" in response.content.decode()
    services.agreement_attach_scan(by=unit_staff, agreement=agreement,
                                   files=[SimpleUploadedFile("scan.png", PNG_1PX, "image/png")])
    response = client.post(f"/api/agreements/{agreement.pk}/sign/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "signed"
    assert Agreement.objects.get(pk=agreement.pk).status == "signed"


def test_the_api_shows_each_target_progress(tree, township_office, unit_staff, client_for):
    agreement = _issued(tree, township_office)
    body = client_for(unit_staff).get(f"/api/agreements/{agreement.pk}/").json()
    assert [(t["text"], t["progress"]) for t in body["targets"]] == [("成立领导小组", "由下达单位核定")]


def test_an_office_uploads_an_inclusion_document_on_the_item_page(tree, township_office, client_for):
    checklist = services.checklist_create(by=township_office, place=tree.t1, year=2026)
    item = checklist.items.get(order=1)
    client = client_for(township_office)
    assert client.get(f"/agreements/inclusions/items/{item.pk}/edit/").status_code == 200
    response = client.post(f"/agreements/inclusions/items/{item.pk}/edit/", {
        "name": item.name, "order": 1, "document_title": "城关镇十五五规划纲要", "document_no": "",
        "document_date": "2026-01-10", "note": "第六章",
        "files": SimpleUploadedFile("plan.png", PNG_1PX, "image/png")})
    assert response.status_code == 302
    assert InclusionItem.objects.get(pk=item.pk).included is True
    page = client.get(f"/agreements/inclusions/{checklist.pk}/").content.decode()
    assert "（1/5项已落实）" in page and "城关镇十五五规划纲要" in page


def test_the_documents_page_points_to_the_agreements_and_briefings(tree, county_office, client_for):
    page = client_for(county_office).get("/documents/").content.decode()
    assert 'data-testid="more-documents"' in page and "/agreements/" in page and "/registers/briefings/" in page
