"""The one DRF exception handler: services raise Django's errors in Chinese; the API answers 422 (409 for a duplicate)
/ 403 with them, and a malformed request is 400."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from tuanjie.core.api import exception_handler
from tuanjie.information import services


def test_a_services_plain_validation_error_becomes_422_with_its_messages():
    response = exception_handler(ValidationError(["请填写标题", "请填写正文"]), {})
    assert response.status_code == 422 and response.data == ["请填写标题", "请填写正文"]


def test_a_services_uniqueness_error_becomes_409():
    response = exception_handler(ValidationError({"code": ValidationError("代码已存在", code="unique")}), {})
    assert response.status_code == 409 and response.data == {"code": ["代码已存在"]}


def test_a_serializers_refusal_is_400_when_malformed_409_when_a_duplicate_and_422_otherwise():
    from rest_framework.exceptions import ErrorDetail
    from rest_framework.exceptions import ValidationError as Refusal

    def status(**codes):
        return exception_handler(Refusal({f: [ErrorDetail("x", code=c)] for f, c in codes.items()}), {}).status_code

    assert status(year="max_value") == 400 and status(title="required", place="does_not_exist") == 400
    assert status(place="does_not_exist") == 422 and status(start_date="implausible_date") == 422
    assert status(non_field_errors="unique") == 409


def test_field_errors_keep_their_fields_and_the_rest_goes_under_non_field_errors():
    response = exception_handler(ValidationError({"title": "请填写标题", NON_FIELD_ERRORS: "日期不对"}), {})
    assert response.status_code == 422
    assert response.data == {"title": ["请填写标题"], "non_field_errors": ["日期不对"]}


def test_permission_denied_becomes_403_with_the_services_reason():
    response = exception_handler(PermissionDenied("只有城关镇创建办可以采用"), {})
    assert response.status_code == 403 and response.data == {"detail": "只有城关镇创建办可以采用"}


def test_through_a_request_the_service_messages_reach_the_caller(client_for, tree, unit_staff, township_office,
                                                                 county_office):
    item = services.item_create(by=unit_staff, place=tree.u1, title="主题班会", body="全校师生参加。")
    item = services.item_submit(item=item, by=unit_staff)
    url = f"/api/information-items/{item.pk}/"
    response = client_for(county_office).post(url + "accept/", {}, content_type="application/json")
    assert response.status_code == 403 and response.json() == {"detail": "只有“城关镇”创建办可以采用"}
    response = client_for(township_office).post(url + "return/", {"comment": ""}, content_type="application/json")
    assert response.status_code == 422 and response.json() == ["退回时请写明退回意见，告诉单位需要如何修改"]
    response = client_for(township_office).post(url + "withdraw/", {"reason": "x"}, content_type="application/json")
    assert response.status_code == 400 and "publication" in response.json()     # a required field left out
