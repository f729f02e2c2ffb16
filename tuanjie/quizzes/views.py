from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import CHANGE, VIEW, may
from tuanjie.core.focus import focus_place
from tuanjie.core.pagehelp import lede
from tuanjie.core.spreadsheets import template_response, xlsx_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ImportView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from tuanjie.quizzes import answering, importers, selectors, services
from tuanjie.quizzes.forms import BankForm, QuestionForm, QuizForm, SampleForm, SurveyItemForm
from tuanjie.quizzes.models import Attempt, Question, QuestionBank, Quiz


# --- banks and questions -----------------------------------------------------------------------------------
class BankListView(ObjectListView):
    lede = _l("各级创建办的题库，本地区和下级发布测试时都可抽题")
    empty_hint = _l("先建一个题库，再逐题添加或从Excel导入题目")
    model = QuestionBank
    select_related = ("place",)
    create_url_name = "quizzes:bank_add"
    title = _l("题库")
    search = False
    columns = [Column("name", _l("题库名称"), link=True), Column("place.name", _l("所属地区")),
               Column("description", _l("说明"))]


class BankDetailView(ObjectDetailView):
    lede = _l("题库的题目、答案及出处；标为应知应会的题目计入知晓率")
    model = QuestionBank
    template_name = "quizzes/bank_detail.html"
    edit_url_name = "quizzes:bank_edit"
    delete_url_name = "quizzes:bank_delete"
    fields = [Column("name", _l("题库名称")), Column("place", _l("所属地区")), Column("description", _l("说明"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["questions"] = obj.questions.order_by("pk")
        ctx["may_add"] = may(self.request.user, CHANGE, QuestionBank, obj.place)
        return ctx


class BankEditView(ObjectEditView):
    model = QuestionBank
    form_class = BankForm
    create_service = services.bank_create
    update_service = services.bank_update


class BankDeleteView(ObjectDeleteView):
    model = QuestionBank
    success_url_name = "quizzes:bank_list"


class QuestionDetailView(ObjectDetailView):
    model = Question
    edit_url_name = "quizzes:question_edit"
    delete_url_name = "quizzes:question_delete"
    fields = [Column("bank", _l("题库")), Column("kind", _l("题型")), Column("text", _l("题目")),
              Column("options", _l("选项")), Column("answer_text", _l("答案")), Column("source", _l("答案出处")),
              Column("awareness", _l("应知应会"))]

    def get_context_data(self, obj):
        obj.answer_text = importers.answer_as_text(obj)
        obj.options = "\n".join(f"{importers.LETTERS[i]}. {o}" for i, o in enumerate(obj.options))
        return super().get_context_data(obj)


class QuestionEditView(ObjectEditView):
    model = Question
    form_class = QuestionForm
    create_service = services.question_create
    update_service = services.question_update

    def service_fields(self, form) -> dict:
        return form.service_fields()


class QuestionDeleteView(ObjectDeleteView):
    model = Question
    success_url_name = "quizzes:bank_list"


class QuestionImportView(ImportView):
    model = Question
    importer_class = importers.QuestionImporter
    options_form_class = importers.QuestionImportOptionsForm
    title = _l("导入题目")
    template_url_name = "quizzes:question_import_template"
    success_url_name = "quizzes:bank_list"


def question_import_template(request):
    return template_response("题库导入模板.xlsx", list(importers.HEADERS), importers.EXAMPLE, importers.NOTES,
                             lookups=importers.LOOKUPS)


# --- quizzes -------------------------------------------------------------------------------------------------
class QuizListView(ObjectListView):
    lede = _l("知识测试、干部职工测试和满意度测评：发布、答题链接和完成情况")
    empty_hint = _l("创建办发布知识测试和满意度测评，单位可发布本单位的干部职工测试")
    model = Quiz
    select_related = ("place",)
    create_url_name = "quizzes:quiz_add"
    more_create_links = ((_l("我的测试"), "quizzes:mine", "pencil-square"),
                         (_l("本单位答卷"), "quizzes:attempt_list", "card-checklist"))
    title = _l("测试与测评")
    search = False
    columns = [Column("title", _l("名称"), link=True), Column("kind", _l("类型")), Column("place.name", _l("发布单位")),
               Column("opens_at", _l("开始时间"), order_by="opens_at"), Column("closes_at", _l("截止时间")),
               Column("published_at", _l("发布时间"))]


class QuizDetailView(ObjectDetailView):
    lede = _l("各地答卷份数对照应答人数；答题链接和二维码发给答题人")
    model = Quiz
    template_name = "quizzes/quiz_detail.html"
    edit_url_name = "quizzes:quiz_edit"
    delete_url_name = "quizzes:quiz_delete"
    fields = [Column("kind", _l("类型")), Column("place", _l("发布单位")), Column("bank", _l("题库")),
              Column("question_count", _l("抽题数量")), Column("time_limit", _l("答题时限（分钟）")),
              Column("pass_percent", _l("及格分")), Column("opens_at", _l("开始时间")),
              Column("closes_at", _l("截止时间")), Column("public", _l("允许公众匿名作答")),
              Column("published_at", _l("发布时间"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        user = self.request.user
        may_change = may(user, CHANGE, Quiz, obj.place)
        ctx.update(samples=selectors.sample_rows(obj, user), figures=selectors.quiz_figures(obj, user),
                   may_change=may_change, items=obj.items.all() if obj.is_survey else [],
                   sample_form=SampleForm(quiz=obj, user=user) if may_change else None,
                   item_form=SurveyItemForm() if may_change and obj.is_survey else None,
                   public_base=self.request.build_absolute_uri("/")[:-1],
                   to_take=selectors.open_tests_for(user).filter(quiz=obj).first(),
                   mine=selectors.my_attempts(user).filter(quiz=obj).first())
        return ctx


class QuizEditView(ObjectEditView):
    model = Quiz
    form_class = QuizForm
    create_service = services.quiz_create
    update_service = services.quiz_update

    def service_fields(self, form) -> dict:
        return form.service_fields()


class QuizDeleteView(ObjectDeleteView):
    model = Quiz
    success_url_name = "quizzes:quiz_list"


def _quiz_for_change(request, pk) -> Quiz:
    quiz = Quiz.objects.restrict(request.user, CHANGE).filter(pk=pk).first()
    if quiz is None:
        raise Http404(_("没有找到，或您无权修改"))
    return quiz


def _refused_to_messages(request, exc) -> None:
    for message in (exc.messages if isinstance(exc, ValidationError) else [str(exc)]):
        messages.error(request, message)


def quiz_publish(request, pk):
    if request.method != "POST":
        return redirect("quizzes:quiz_detail", pk=pk)
    quiz = _quiz_for_change(request, pk)
    try:
        services.quiz_publish(by=request.user, quiz=quiz)
    except (ValidationError, PermissionDenied) as exc:
        _refused_to_messages(request, exc)
    else:
        messages.success(request, _("已发布：%(q)s") % {"q": quiz})
    return redirect(quiz.get_absolute_url())


def sample_add(request, pk):
    if request.method != "POST":
        return redirect("quizzes:quiz_detail", pk=pk)
    quiz = _quiz_for_change(request, pk)
    form = SampleForm(request.POST, quiz=quiz, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(quiz.get_absolute_url())
    try:
        services.sample_set(by=request.user, quiz=quiz, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        _refused_to_messages(request, exc)
    else:
        messages.success(request, _("已保存答题范围：%(p)s") % {"p": form.cleaned_data["place"]})
    return redirect(quiz.get_absolute_url())


def survey_item_add(request, pk):
    if request.method != "POST":
        return redirect("quizzes:quiz_detail", pk=pk)
    quiz = _quiz_for_change(request, pk)
    form = SurveyItemForm(request.POST)
    if form.is_valid():
        options = (form.cleaned_data.get("options_text") or "").splitlines()
        try:
            services.survey_item_create(by=request.user, quiz=quiz, kind=form.cleaned_data["kind"],
                                        text=form.cleaned_data["text"], options=options)
        except (ValidationError, PermissionDenied) as exc:
            _refused_to_messages(request, exc)
        else:
            messages.success(request, _("已添加测评题目"))
    else:
        messages.error(request, _("请填写题目"))
    return redirect(quiz.get_absolute_url())


def sample_qr(request, pk):
    """The QR code (SVG) of one place's answering link, for a poster or a group chat."""
    import segno

    sample = selectors.sample_by_token(request.GET.get("t", ""))
    quiz = Quiz.objects.restrict(request.user, VIEW).filter(pk=pk).first()
    if quiz is None or sample is None or sample.quiz_id != quiz.pk:
        raise Http404(_("没有找到，或您无权查看"))
    url = request.build_absolute_uri(reverse("public_quizzes:start", args=[sample.token]))
    svg = segno.make(url, error="m").svg_inline(scale=4)
    return HttpResponse(svg, content_type="image/svg+xml")


# --- rates ---------------------------------------------------------------------------------------------------
@lede(_l("本地区及下级的参与率、平均分、及格率、知晓率和满意率；上级只看比率，不看个人答卷"))
def rates_view(request):
    place = focus_place(request)
    if place is None:
        raise Http404(_("没有可查看的地区或单位"))
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    if request.GET.get("export") == "xlsx":
        return xlsx_response(f"{place.name}{year}年测试测评比率.xlsx", selectors.RATE_HEADERS,
                             selectors.rate_rows(place, year), _("测试测评比率"))
    start, end = selectors.year_span(year)
    children = selectors.rates_by_child(place, start, end)
    # the places with something to show; how many others had no quiz or survey is said in one line (the export
    # lists them all)
    shown = [(child, r) for child, r in children if not r.empty]
    return render(request, "quizzes/rates.html", {
        "title": _("测试测评比率"), "place": place, "year": year, "years": [year - 1, year, year + 1],
        "total": selectors.rates(place, start, end), "children": shown, "quiet": len(children) - len(shown)})


# --- staff: my tests, my sheets, a unit's sheets ----------------------------------------------------------
@lede(_l("正在进行、面向您所在单位的测试，以及您本人的答卷和成绩"))
def my_tests(request):
    return render(request, "quizzes/my_tests.html", {
        "title": _("我的测试"), "open": selectors.open_tests_for(request.user),
        "mine": selectors.my_attempts(request.user)[:50]})


class AttemptListView(ObjectListView):
    lede = _l("本单位干部职工的测试答卷和成绩")
    empty_hint = _l("本单位发布或参加的干部职工测试交卷后在这里列出")
    model = Attempt
    select_related = ("quiz", "person", "place")
    title = _l("本单位答卷")
    search = False
    columns = [Column("quiz.title", _l("测试")), Column("person.full_name", _l("答题人")),
               Column("submitted_at", _l("交卷时间"), link=True, order_by="submitted_at"),
               Column("score", _l("得分"), order_by="score"), Column("passed", _l("及格"))]

    def get_queryset(self):
        return super().get_queryset().filter(submitted_at__isnull=False, person__isnull=False)


class AttemptDetailView(ObjectDetailView):
    """A sheet: the person's own, or one of a unit's staff (Attempt's policy). Nobody above sees it."""

    model = Attempt
    template_name = "quizzes/attempt_detail.html"
    fields = [Column("quiz", _l("测试")), Column("person", _l("答题人")), Column("place", _l("所属单位")),
              Column("submitted_at", _l("交卷时间")), Column("score", _l("得分")), Column("passed", _l("及格"))]

    def base_queryset(self):
        own = Attempt.objects.filter(person=self.request.user).values("pk")
        return Attempt.objects.filter(pk__in=own) | super().base_queryset()

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["review"] = answering.review(obj) if obj.is_submitted else []
        return ctx


def take(request, pk):
    """A signed-in person starts (or resumes) their sheet of a sample's quiz."""
    if request.method != "POST":
        return redirect("quizzes:mine")
    sample = selectors.open_tests_for(request.user).filter(pk=pk).first()
    if sample is None:
        raise Http404(_("没有找到该测试，或它不面向您所在的单位"))
    try:
        attempt = services.attempt_start(by=request.user, sample=sample)
    except (ValidationError, PermissionDenied) as exc:
        _refused_to_messages(request, exc)
        return redirect("quizzes:mine")
    return redirect("quizzes:sheet", token=attempt.token)


def sheet(request, token):
    attempt = selectors.attempt_by_token(token)
    if attempt is None or attempt.person_id != request.user.pk:
        raise Http404(_("没有找到这份答卷"))
    return answering.sheet_page(request, attempt, by=request.user,
                                result_url=reverse("quizzes:attempt_detail", args=[attempt.pk]))
