"""Import of questions into a bank (题库导入): one question per row, created or updated through the same services
and checked by the same rules as the question page. A question is known by its bank and its text: importing the
same sheet again updates the questions it names, never duplicates them.

Options are written A-F in their own columns; the answer as letters (“AC”, “A、C”) for choice questions, 对/错 (正确/
错误, √/×) for true/false, and the accepted texts separated by “|” for a short answer."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import CHANGE
from tuanjie.core.imports import ImportResult, TabularImporter
from tuanjie.quizzes.models import Question, QuestionBank, QuestionKind
from tuanjie.quizzes.services import question_create, question_update

LETTERS = "ABCDEF"
HEADERS = {"题型": "kind", "题目": "text", **{f"选项{c}": f"option_{c.lower()}" for c in LETTERS},
           "答案": "answer", "答案出处": "source", "应知应会": "awareness"}
REQUIRED = ("题型", "题目", "答案")
KINDS = {str(label): code for code, label in QuestionKind.choices} | {"单选": "single", "多选": "multiple",
                                                                      "判断": "truefalse", "简答": "short"}
TRUE_WORDS = {"对", "正确", "√", "是", "T", "t", "true", "TRUE"}
FALSE_WORDS = {"错", "错误", "×", "否", "F", "f", "false", "FALSE"}
YES = {"是", "√", "Y", "y", "1"}
NO = {"", "否", "N", "n", "0"}

EXAMPLE = ["单选题", "民族团结进步创建工作的主线是什么？", "铸牢中华民族共同体意识", "发展经济", "城镇化", "", "", "", "A",
           "《关于全面深入持久开展民族团结进步创建工作的意见》", "是"]
NOTES = [
    "一行一题，不要改动表头；表头上方可以有标题行。示例行导入前请删除。",
    "题型可填：单选题、多选题、判断题、简答题（见“可填值”表）。",
    "选择题的选项依次填在选项A至选项F；答案填字母，如“A”，多选题如“ACD”。",
    "判断题不填选项，答案填“对”或“错”；简答题答案填参考答案，多个可接受的答案用“|”分隔。",
    "应知应会填“是”或“否”（不填为否）：填“是”的题目计入知晓率。",
    "同一题库中题目文字相同即为同一道题：再次导入会更新它，不会重复新增。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]
LOOKUPS = {"题型": [str(label) for label in QuestionKind.labels], "应知应会": ["是", "否"]}


def answer_from_text(kind: str, options: list[str], raw: str) -> list:
    """The answer as stored (positions, or accepted texts) from how an office writes it; the question page and the
    import read it alike."""
    raw = raw.strip()
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if "" in options:
            raise forms.ValidationError(_("选项应从A开始依次填写，中间不能空"))
        letters = [ch for ch in raw.upper() if ch not in " 、,，;；"]
        if not letters or any(ch not in LETTERS[:len(options)] for ch in letters):
            raise forms.ValidationError(_("答案“%(a)s”应是已填选项的字母（A至%(z)s）") % {
                "a": raw, "z": LETTERS[max(len(options) - 1, 0)]})
        return sorted({LETTERS.index(ch) for ch in letters})
    if kind == QuestionKind.TRUE_FALSE:
        if raw not in TRUE_WORDS | FALSE_WORDS:
            raise forms.ValidationError(_("判断题答案请填“对”或“错”"))
        return [0 if raw in TRUE_WORDS else 1]
    return [t.strip() for t in raw.split("|") if t.strip()]


def answer_as_text(question) -> str:
    if question.kind == QuestionKind.SHORT:
        return "|".join(question.answer)
    if question.kind == QuestionKind.TRUE_FALSE:
        return "对" if question.answer == [0] else "错"
    return "".join(LETTERS[i] for i in question.answer if i < len(LETTERS))


class QuestionImportOptionsForm(forms.Form):
    bank = forms.ModelChoiceField(label=_l("导入到题库"), queryset=QuestionBank.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = QuestionBank.objects.restrict(user, CHANGE).select_related("place")


class QuestionImportForm(forms.Form):
    kind = forms.CharField(label=_l("题型"), max_length=10)
    text = forms.CharField(label=_l("题目"), max_length=500)
    answer = forms.CharField(label=_l("答案"), max_length=500)
    source = forms.CharField(label=_l("答案出处"), max_length=200, required=False)
    awareness = forms.CharField(label=_l("应知应会"), max_length=4, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for letter in LETTERS:
            self.fields[f"option_{letter.lower()}"] = forms.CharField(label=f"选项{letter}", max_length=200,
                                                                       required=False)

    def clean_kind(self):
        value = self.cleaned_data["kind"].strip()
        if value not in KINDS and value not in QuestionKind.values:
            raise forms.ValidationError(_("“%(v)s”不是题型，可填：单选题、多选题、判断题、简答题") % {"v": value})
        return KINDS.get(value, value)

    def clean_awareness(self):
        value = str(self.cleaned_data.get("awareness") or "").strip()
        if value in YES:
            return True
        if value in NO:
            return False
        raise forms.ValidationError(_("请填“是”或“否”"))

    def clean(self):
        data = super().clean()
        kind, raw = data.get("kind"), str(data.get("answer") or "").strip()
        if not kind or not raw:
            return data
        options = [str(data.get(f"option_{c.lower()}") or "").strip() for c in LETTERS]
        while options and not options[-1]:
            options.pop()
        try:
            data["answer_value"] = answer_from_text(kind, options, raw)
        except forms.ValidationError as exc:
            self.add_error("answer", exc)
            return data
        data["options_value"] = options
        return data


class QuestionImporter(TabularImporter):
    columns = HEADERS
    required_headers = REQUIRED
    form_class = QuestionImportForm

    def __init__(self, user, bank: QuestionBank):
        super().__init__(user)
        self.bank = bank

    def save_row(self, form, result: ImportResult) -> None:
        data = form.cleaned_data
        fields = {"kind": data["kind"], "options": data["options_value"], "answer": data["answer_value"],
                  "source": data.get("source") or "", "awareness": data["awareness"]}
        existing = Question.objects.select_for_update().filter(bank=self.bank, text=data["text"].strip()).first()
        if existing is None:
            question_create(by=self.user, bank=self.bank, text=data["text"], **fields)
            result.created += 1
        elif any(getattr(existing, name) != value for name, value in fields.items()):
            question_update(by=self.user, instance=existing, **fields)
            result.updated += 1
