from django import forms
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import ADD, CHANGE, places_for
from tuanjie.places.models import Place
from tuanjie.quizzes.importers import LETTERS, answer_as_text, answer_from_text
from tuanjie.quizzes.models import Question, QuestionBank, QuestionKind, Quiz, QuizKind, SurveyItem
from tuanjie.quizzes.services import banks_usable_at

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _PlacedForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "place" in self.fields:
            places = places_for(user, self._meta.model, ADD).select_related("level")
            self.fields["place"].queryset = places
            home = getattr(user, "home_place", None)
            if not self.instance.pk and home is not None and places.filter(pk=home.pk).exists():
                self.initial.setdefault("place", home.pk)


class BankForm(_PlacedForm):
    class Meta:
        model = QuestionBank
        fields = ["place", "name", "description"]
        labels = {"place": _("所属地区")}


class QuestionForm(forms.ModelForm):
    """The options one per line (A, B, C… in that order) and the answer as an office writes it (see importers)."""

    options_text = forms.CharField(label=_("选项"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("每行一个选项，依次为A、B、C…；判断题和简答题不填"))
    answer_text = forms.CharField(label=_("答案"), max_length=500,
                                  help_text=_("选择题填字母，如“A”或“ACD”；判断题填“对”或“错”；简答题填参考答案，多个用“|”分隔"))

    class Meta:
        model = Question
        fields = ["bank", "kind", "text", "source", "awareness"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = QuestionBank.objects.restrict(user, CHANGE).select_related("place")
        self.fields = {name: self.fields[name] for name in
                       ["bank", "kind", "text", "options_text", "answer_text", "source", "awareness"]}
        if self.instance.pk:
            self.initial.setdefault("options_text", "\n".join(self.instance.options)
                                    if self.instance.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else "")
            self.initial.setdefault("answer_text", answer_as_text(self.instance))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        options = [line.strip() for line in (data.get("options_text") or "").splitlines() if line.strip()]
        if len(options) > len(LETTERS):
            self.add_error("options_text", _("最多%(n)d个选项") % {"n": len(LETTERS)})
        if kind and data.get("answer_text"):
            try:
                data["answer"] = answer_from_text(kind, options, data["answer_text"])
            except forms.ValidationError as exc:
                self.add_error("answer_text", exc)
        data["options"] = options
        return data

    def _post_clean(self):
        pass   # the service cleans the options and the answer, then the model

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {"bank": data["bank"], "kind": data["kind"], "text": data["text"], "options": data["options"],
                "answer": data["answer"], "source": data.get("source") or "", "awareness": data["awareness"]}


class QuizForm(_PlacedForm):
    class Meta:
        model = Quiz
        fields = ["place", "kind", "title", "bank", "question_count", "time_limit", "pass_percent", "opens_at",
                  "closes_at", "public"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME}
        labels = {"place": _("发布地区/单位")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        home = getattr(user, "home_place", None)
        usable = QuestionBank.objects.none()
        for place in places_for(user, Quiz, ADD)[:1] if home is None else [home]:
            usable = banks_usable_at(place)
        if self.instance.pk:
            usable = banks_usable_at(self.instance.place)
            self.fields["kind"].disabled = True
            self.fields["place"].disabled = True
        self.fields["bank"].queryset = usable.select_related("place")
        if not self.instance.pk and not places_for(user, QuestionBank, ADD).exists():
            self.fields["kind"].choices = [(QuizKind.TEST, QuizKind.TEST.label)]   # a unit tests its own staff

    def _post_clean(self):
        pass   # the service checks the window, the bank and the kind

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if self.instance.pk:
            data.pop("kind", None)
            data.pop("place", None)
        return data


class SampleForm(forms.Form):
    """Drawn inline on the quiz page (not through the form renderer), so its widgets carry their own classes."""

    place = forms.ModelChoiceField(label=_("地区/单位"), queryset=Place.objects.none(),
                                   widget=forms.Select(attrs={"class": "form-select"}))
    size = forms.IntegerField(label=_("应答人数"), min_value=0, required=False,
                              widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
                              help_text=_("干部职工测试不填则按该单位在册人员计"))

    def __init__(self, *args, quiz, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = (Place.objects.subtree(quiz.place)
                                         .filter(pk__in=Place.objects.restrict(user).values("pk")).order_by("path"))


class SurveyItemForm(forms.ModelForm):
    """Drawn inline on the survey's page, like SampleForm."""

    options_text = forms.CharField(label=_("选项"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                                   help_text=_("选择题每行一个选项；满意度题不填（固定为五级）"))

    class Meta:
        model = SurveyItem
        fields = ["kind", "text"]
        widgets = {"kind": forms.Select(attrs={"class": "form-select"}),
                   "text": forms.TextInput(attrs={"class": "form-control"})}
