"""Knowledge quizzes (知识测试/竞赛), staff tests (干部职工测试) and satisfaction surveys (满意度测评).

A question bank belongs to an area and serves it and every place below (a township's quiz may draw from the
county's bank). A quiz, a test or a survey is published by an office (a unit tests its own staff) with a window
and, for quizzes and tests, a time limit, a random draw from the bank and shuffled options, fixed per attempt when
it starts. Who answers is counted per place through samples: one per place the quiz is meant for, with the number
of respondents expected there and its own link (QR code) for anonymous answers. An attempt is credited to its
sample's place; its figures (score, 应知应会 items asked and right, Likert items answered and satisfied) are kept
on it so the facts sum them (countables.py) and every rate rolls up the tree.

Scope rule: nothing here asks who an anonymous respondent is. A device answers once (a random cookie, never an
identity) and a staff test's attempt names the staff member (a civil servant, not a household)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import READERS, AccessPolicy, ReadableFromBelow, RestrictedQuerySet
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role

AUTHORS = frozenset({Role.OFFICE, Role.UNIT})
OFFICE_ONLY = frozenset({Role.OFFICE})


class QuestionBankQuerySet(ReadableFromBelow, RestrictedQuerySet):
    """Banks are inherited downward: a township's office reads (and its quizzes draw from) the county's bank."""


class QuestionBank(PlaceScopedModel):
    name = models.CharField(_("题库名称"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)

    access = AccessPolicy(view=READERS, add=OFFICE_ONLY, change=OFFICE_ONLY, delete=OFFICE_ONLY)
    objects = QuestionBankQuerySet.as_manager()

    class Meta:
        verbose_name = _("题库")
        verbose_name_plural = _("题库")
        ordering = ["place__path", "name"]
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="quiz_bank_place_name_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quizzes:bank_detail", args=[self.pk])


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "truefalse", _("判断题")
    SHORT = "short", _("简答题")


class Question(RestrictedModel):
    """One question. `options` are the choices as written; `answer` the right ones by position (0 = first; a
    true/false question's options are 正确/错误), or for a short answer the accepted texts (any one matches after
    removing spaces and punctuation)."""

    bank = models.ForeignKey(QuestionBank, verbose_name=_("题库"), on_delete=models.CASCADE,
                             related_name="questions")
    kind = models.CharField(_("题型"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=500)
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.JSONField(_("答案"), default=list)
    source = models.CharField(_("答案出处"), max_length=200, blank=True,
                              help_text=_("政策文件名称及条款，或应知应会条目"))
    awareness = models.BooleanField(_("应知应会"), default=False,
                                    help_text=_("计入知晓率的题目请勾选"))

    place_path_lookup = "bank__place__path"
    access = AccessPolicy(view=READERS, add=OFFICE_ONLY, change=OFFICE_ONLY, delete=OFFICE_ONLY)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["bank_id", "id"]
        constraints = [models.UniqueConstraint(fields=["bank", "text"], name="quiz_question_bank_text_unique")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("quizzes:question_detail", args=[self.pk])


class QuizKind(models.TextChoices):
    QUIZ = "quiz", _("知识测试")
    TEST = "test", _("干部职工测试")
    SURVEY = "survey", _("满意度测评")


class Quiz(PlaceScopedModel):
    kind = models.CharField(_("类型"), max_length=10, choices=QuizKind.choices, default=QuizKind.QUIZ)
    title = models.CharField(_("名称"), max_length=120)
    bank = models.ForeignKey(QuestionBank, verbose_name=_("题库"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="quizzes", help_text=_("满意度测评不用题库"))
    question_count = models.PositiveSmallIntegerField(_("抽题数量"), default=10,
                                                      help_text=_("每份答卷从题库随机抽取的题数"))
    time_limit = models.PositiveSmallIntegerField(_("答题时限（分钟）"), null=True, blank=True,
                                                  help_text=_("不填则不限时"))
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    pass_percent = models.PositiveSmallIntegerField(_("及格分"), default=60, help_text=_("百分制"))
    public = models.BooleanField(_("允许公众匿名作答"), default=True,
                                 help_text=_("通过链接或二维码作答，不需登录；干部职工测试须登录作答"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)

    access = AccessPolicy(view=READERS, add=AUTHORS, change=AUTHORS, delete=AUTHORS)

    class Meta:
        verbose_name = _("测试与测评")
        verbose_name_plural = _("测试与测评")
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["place", "opens_at"], name="quiz_place_opens_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz_detail", args=[self.pk])

    @property
    def is_survey(self) -> bool:
        return self.kind == QuizKind.SURVEY

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def deletion_refusal(self) -> str:
        if self.attempts.filter(submitted_at__isnull=False).exists():
            return str(_("已有答卷的测试不能删除，可修改截止时间提前结束"))
        return ""


class Likert(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    NEUTRAL = 3, _("一般")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


SATISFIED_FROM = 4      # 满意 and 非常满意 count as satisfied


class SurveyItemKind(models.TextChoices):
    LIKERT = "likert", _("满意度（五级）")
    CHOICE = "choice", _("选择题")


class SurveyItem(RestrictedModel):
    quiz = models.ForeignKey(Quiz, verbose_name=_("测评"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    kind = models.CharField(_("题型"), max_length=10, choices=SurveyItemKind.choices, default=SurveyItemKind.LIKERT)
    text = models.CharField(_("题目"), max_length=300)
    options = models.JSONField(_("选项"), default=list, blank=True, help_text=_("选择题的选项"))

    place_path_lookup = "quiz__place__path"
    access = AccessPolicy(view=READERS, add=AUTHORS, change=AUTHORS, delete=AUTHORS)

    class Meta:
        verbose_name = _("测评题目")
        verbose_name_plural = _("测评题目")
        ordering = ["quiz_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz_detail", args=[self.quiz_id])


class Sample(PlaceScopedModel):
    """Who a quiz is meant for at one place: the number of respondents expected there (a survey's sample, a unit's
    staff) and the link anonymous respondents there answer through. `opens_on` is the quiz's opening day once
    published (kept here so the facts count a sample in the right period without reading the quiz)."""

    quiz = models.ForeignKey(Quiz, verbose_name=_("测试"), on_delete=models.CASCADE, related_name="samples")
    size = models.PositiveIntegerField(_("应答人数"), default=0, help_text=_("该地区/单位计划的答卷份数（样本量）"))
    token = models.CharField(max_length=32, unique=True, editable=False)
    opens_on = models.DateField(null=True, blank=True, editable=False)

    access = AccessPolicy(view=READERS, add=AUTHORS, change=AUTHORS, delete=AUTHORS)

    class Meta:
        verbose_name = _("答题范围")
        verbose_name_plural = _("答题范围")
        ordering = ["quiz_id", "place__path"]
        constraints = [models.UniqueConstraint(fields=["quiz", "place"], name="quiz_sample_quiz_place_unique")]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz_detail", args=[self.quiz_id])


class Attempt(PlaceScopedModel):
    """One answer sheet. `drawn` fixes what this attempt shows: [{"q": question id, "o": option order}] (a survey:
    its items in order); `answers` what was answered, {question id: [positions] or text}. The figures below are
    worked out once, when it is submitted (grading.py)."""

    quiz = models.ForeignKey(Quiz, verbose_name=_("测试"), on_delete=models.CASCADE, related_name="attempts")
    sample = models.ForeignKey(Sample, verbose_name=_("答题范围"), on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答题人"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="quiz_attempts")
    device = models.CharField(max_length=64, blank=True, editable=False)
    token = models.CharField(max_length=32, unique=True, editable=False)
    started_at = models.DateTimeField(_("开始答题"))
    deadline = models.DateTimeField(_("须交卷时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    drawn = models.JSONField(default=list, editable=False)
    answers = models.JSONField(default=dict, editable=False)
    asked = models.PositiveSmallIntegerField(_("题数"), default=0)
    correct = models.PositiveSmallIntegerField(_("答对"), default=0)
    score = models.PositiveSmallIntegerField(_("得分"), default=0, help_text=_("百分制"))
    passed = models.BooleanField(_("及格"), default=False)
    awareness_asked = models.PositiveSmallIntegerField(default=0)
    awareness_correct = models.PositiveSmallIntegerField(default=0)
    likert_answered = models.PositiveSmallIntegerField(default=0)
    likert_satisfied = models.PositiveSmallIntegerField(default=0)

    # A unit sees its staff's sheets; upper levels see only rates (selectors.rates), never a sheet. A person's own
    # sheets are read through selectors.my_attempts. Attempts are written by the answering services only.
    access = AccessPolicy(view=frozenset({Role.UNIT}), add=frozenset(), change=frozenset(), delete=frozenset())
    # The change log is read by the offices above: it records that a sheet was started and handed in, never who
    # answered, what, or how well (nor the device's key or the sheet's link).
    changelog_exclude = ("created", "updated", "person", "device", "token", "drawn", "answers", "asked", "correct",
                         "score", "passed", "awareness_asked", "awareness_correct", "likert_answered",
                         "likert_satisfied", "deadline")

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "person"], condition=Q(person__isnull=False),
                                    name="quiz_attempt_one_per_person"),
            models.UniqueConstraint(fields=["quiz", "device"], condition=~Q(device=""),
                                    name="quiz_attempt_one_per_device"),
        ]
        indexes = [models.Index(fields=["place", "submitted_at"], name="quiz_attempt_place_sub_idx")]

    def __str__(self) -> str:
        return f"{self.quiz}答卷"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt_detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
