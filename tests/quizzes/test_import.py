"""Questions imported from Excel into a bank: letters for answers, row-level Chinese errors, nothing half-written,
and a second import of the same sheet updates rather than duplicates."""

from django.urls import reverse

from tests.workbooks import imported_through_page, xlsx
from tuanjie.quizzes.importers import HEADERS
from tuanjie.quizzes.models import Question
from tuanjie.quizzes.services import bank_create

H = list(HEADERS)
ROWS = [
    {"题型": "单选题", "题目": "民族团结进步创建的主线是什么？", "选项A": "铸牢中华民族共同体意识", "选项B": "发展经济",
     "答案": "A", "答案出处": "《意见》第一条", "应知应会": "是"},
    {"题型": "多选题", "题目": "“三交”是指？", "选项A": "交往", "选项B": "交流", "选项C": "交融", "选项D": "交易",
     "答案": "A、B、C"},
    {"题型": "判断", "题目": "民族团结是各族人民的生命线。", "答案": "对", "应知应会": "是"},
    {"题型": "简答题", "题目": "民族区域自治制度是什么制度？", "答案": "基本政治制度|一项基本政治制度"},
]


def test_an_office_imports_a_bank_of_four_kinds(tree, county_office, client_for):
    bank = bank_create(by=county_office, place=tree.county, name="应知应会")
    client = client_for(county_office)
    url = reverse("quizzes:question_import")
    done = imported_through_page(client, url, {"bank": bank.pk, "file": xlsx(H, ROWS)})
    assert done.status_code == 302
    got = {q.text: (q.kind, q.options, q.answer, q.awareness) for q in Question.objects.filter(bank=bank)}
    assert got == {
        "民族团结进步创建的主线是什么？": ("single", ["铸牢中华民族共同体意识", "发展经济"], [0], True),
        "“三交”是指？": ("multiple", ["交往", "交流", "交融", "交易"], [0, 1, 2], False),
        "民族团结是各族人民的生命线。": ("truefalse", ["正确", "错误"], [0], True),
        "民族区域自治制度是什么制度？": ("short", [], ["基本政治制度", "一项基本政治制度"], False),
    }
    changed = [dict(ROWS[0], 答案="B"), *ROWS[1:]]
    again = imported_through_page(client, url, {"bank": bank.pk, "file": xlsx(H, changed)})
    assert again.status_code == 302
    assert Question.objects.filter(bank=bank).count() == 4
    assert Question.objects.get(text=ROWS[0]["题目"]).answer == [1]


def test_bad_rows_are_named_in_chinese_and_nothing_is_imported(tree, county_office, client_for):
    bank = bank_create(by=county_office, place=tree.county, name="应知应会")
    rows = [ROWS[0], dict(ROWS[1], 答案="E"), {"题型": "填空题", "题目": "x", "答案": "y"},
            dict(ROWS[2], 答案="也许"), dict(ROWS[0], 题目="单选只有一个选项", 选项B="")]
    page = client_for(county_office).post(reverse("quizzes:question_import"), {"bank": bank.pk,
                                                                             "file": xlsx(H, rows)})
    assert page.status_code == 422
    errors = page.context["errors"]
    assert any(e.startswith("第3行“答案”") and "A至D" in e for e in errors)
    assert any(e.startswith("第4行“题型”") and "不是题型" in e for e in errors)
    assert any(e.startswith("第5行“答案”") and "对" in e for e in errors)
    assert any(e.startswith("第6行") and "至少需要两个选项" in e for e in errors)
    assert not Question.objects.exists()


def test_a_unit_cannot_import_into_a_bank(tree, unit_staff, county_office, client_for):
    bank_create(by=county_office, place=tree.county, name="应知应会")
    assert client_for(unit_staff).get(reverse("quizzes:question_import")).status_code == 403
