from tuanjie.leadership.models import LeadingGroup


def form_data(place, **extra):
    data = {
        "place": place.pk, "name": "民族团结进步创建工作领导小组", "document_no": "团办发〔2026〕12号",
        "established_on": "2026-03-01", "office_location": "县委统战部", "office_phone": "",
        "members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-position": "leader", "members-0-name": "王伟", "members-0-title": "县委书记", "members-0-order": "1",
        "members-1-position": "office_director", "members-1-name": "李芳", "members-1-title": "统战部副部长",
        "members-1-order": "2",
        "duties-TOTAL_FORMS": "1", "duties-INITIAL_FORMS": "0", "duties-MIN_NUM_FORMS": "0",
        "duties-MAX_NUM_FORMS": "1000", "duties-0-order": "1", "duties-0-text": "负责起草创建工作实施方案",
    }
    data.update(extra)
    return data


def test_the_office_sets_up_its_leading_group_with_members_and_duties(tree, county_office, client_for):
    response = client_for(county_office).post("/leading-groups/add/", form_data(tree.county))
    assert response.status_code == 302, response.content.decode()[:3000]
    group = LeadingGroup.objects.get(place=tree.county)
    assert [m.name for m in group.members.all()] == ["王伟", "李芳"]
    assert group.duties.get().text == "负责起草创建工作实施方案"
    html = client_for(county_office).get(group.get_absolute_url()).content.decode()
    assert "组长" in html and "办公室主任" in html


def test_a_bad_member_row_saves_nothing(tree, county_office, client_for):
    data = form_data(tree.county, **{"members-1-position": "", "members-1-name": "无职位"})
    response = client_for(county_office).post("/leading-groups/add/", data)
    assert response.status_code == 200
    assert not LeadingGroup.objects.exists()


def test_a_township_office_cannot_set_up_the_countys_group(tree, township_office, client_for):
    response = client_for(township_office).post("/leading-groups/add/", form_data(tree.county))
    assert response.status_code == 200  # the county is not among its choices: the form refuses it
    assert not LeadingGroup.objects.exists()
