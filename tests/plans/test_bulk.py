"""Adding one partner unit to several tasks from the task list."""

from django.urls import reverse

from tuanjie.plans.services import task_create


def test_an_office_adds_a_partner_unit_to_several_tasks(plan, tree, county_office, client):
    first = task_create(by=county_office, plan=plan, title="开展宣传月活动", lead_unit=tree.t1)
    second = task_create(by=county_office, plan=plan, title="创建示范单位", lead_unit=tree.u2,
                         partner_units=[tree.u1])
    led = task_create(by=county_office, plan=plan, title="学校主题班会", lead_unit=tree.u1)
    client.force_login(county_office)
    response = client.post(reverse("plans:task_list"), {"action": "add_partner", "note": "城关镇中心学校",
                                                         "selected": [first.pk, second.pk, led.pk]}, follow=True)
    page = response.content.decode()
    assert "增加配合单位：已完成1条" in page
    assert "“城关镇中心学校”已是该任务的牵头或配合单位" in page
    assert [u.name for u in first.partner_units.all()] == ["城关镇中心学校"]
    assert [u.name for u in second.partner_units.all()] == ["城关镇中心学校"]
    assert not led.partner_units.exists()


def test_a_unit_out_of_reach_is_refused_on_every_task(plan, tree, county_office, client):
    task = task_create(by=county_office, plan=plan, title="开展宣传月活动", lead_unit=tree.t1)
    client.force_login(county_office)
    response = client.post(reverse("plans:task_list"), {"action": "add_partner", "note": "友谊镇",
                                                         "selected": [task.pk]}, follow=True)
    assert "找不到“友谊镇”" in response.content.decode()
    assert not task.partner_units.exists()
