"""403, 404 and a refused (CSRF) form answer in Chinese with the right status, inside the site's frame."""

from django.test import Client


def test_a_signed_in_404_is_a_chinese_page_with_the_menu(county_office, client_for):
    response = client_for(county_office).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "没有找到这个页面，或者您无权查看" in html and "返回首页" in html
    assert "Not Found" not in html and 'data-testid="user-menu"' in html


def test_a_record_out_of_reach_says_so_in_chinese(tree, county_office, client_for):
    response = client_for(county_office).get(f"/places/{tree.b1.pk}/")
    assert response.status_code == 404 and "没有找到，或您无权查看" in response.content.decode()


def test_a_refused_page_is_a_chinese_403_with_the_reason(county_office, client_for):
    response = client_for(county_office).get("/places/config/levels/add/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in html and "只有系统管理员可以修改全局配置" in html and "403 Forbidden" not in html


def test_a_form_refused_for_its_csrf_token_says_it_was_not_saved_and_to_submit_again(tree, county_office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_office)
    response = client.post(f"/places/{tree.t2.pk}/edit/", {"kind": "area", "name": "不该保存", "code": tree.t2.code})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html and "您提交的内容没有保存" in html and "返回上一页重新提交" in html
    assert "CSRF verification failed" not in html and "Forbidden" not in html
    tree.t2.refresh_from_db()
    assert tree.t2.name == "石榴镇"


def test_an_unknown_api_address_answers_chinese_json(county_office, client_for):
    response = client_for(county_office).get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("页面不存在")
