"""API for question banks, questions and quizzes (writes through the services), and the rates of a place's subtree
for a year (`/api/quiz-rates/?place=<id>&year=2026`): rates and counts per place, never a respondent's sheet."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from tuanjie.core.api import RestrictedModelViewSet
from tuanjie.core.focus import top_places
from tuanjie.places.models import Place
from tuanjie.quizzes import selectors, services
from tuanjie.quizzes.models import Question, QuestionBank, Quiz


class QuestionBankSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = QuestionBank
        fields = ["id", "place", "place_name", "name", "description"]


class QuestionSerializer(serializers.ModelSerializer):
    options = serializers.ListField(child=serializers.CharField(max_length=200), required=False,
                                    help_text="选项（判断题、简答题不填）")
    answer = serializers.ListField(child=serializers.JSONField(), help_text="正确选项的序号（从0起）或简答题的参考答案")

    class Meta:
        model = Question
        fields = ["id", "bank", "kind", "text", "options", "answer", "source", "awareness"]


class QuizSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = Quiz
        fields = ["id", "place", "place_name", "kind", "title", "bank", "question_count", "time_limit",
                  "opens_at", "closes_at", "pass_percent", "public", "published_at"]
        read_only_fields = ["published_at"]


class QuestionBankViewSet(RestrictedModelViewSet):
    model = QuestionBank
    serializer_class = QuestionBankSerializer
    select_related = ("place",)
    create_service = services.bank_create
    update_service = services.bank_update


class QuestionViewSet(RestrictedModelViewSet):
    model = Question
    serializer_class = QuestionSerializer
    select_related = ("bank", "bank__place")
    create_service = services.question_create
    update_service = services.question_update


class QuizViewSet(RestrictedModelViewSet):
    model = Quiz
    serializer_class = QuizSerializer
    select_related = ("place",)
    create_service = services.quiz_create
    update_service = services.quiz_update

    @extend_schema(request=None, responses=QuizSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        quiz = services.quiz_publish(by=request.user, quiz=self.get_object())
        return Response(QuizSerializer(quiz).data)


def _rates(r) -> dict:
    return {"answers": r.answers, "expected": r.expected, "participation": r.participation,
            "average_score": r.average_score, "pass_rate": r.pass_rate, "awareness": r.awareness,
            "tests_held": r.tests_held, "responses": r.responses, "survey_sample": r.survey_sample,
            "completion": r.completion, "satisfaction": r.satisfaction}


class QuizRatesViewSet(viewsets.ViewSet):
    """Rates of a place's subtree for a year, and the same per place directly below."""

    @extend_schema(
        parameters=[OpenApiParameter("place", int, description="地区/单位编号（默认：本人所在的最高层级）"),
                    OpenApiParameter("year", int, description="年度（默认：今年）")],
        responses=OpenApiTypes.OBJECT)
    def list(self, request):
        place_id = request.query_params.get("place")
        if place_id:
            if not str(place_id).isdigit():
                raise serializers.ValidationError({"place": "地区/单位编号应为数字"})
            place = Place.objects.restrict(request.user).filter(pk=place_id).first()
        else:
            tops = top_places(request.user)
            place = tops[0] if tops else None
        if place is None:
            raise NotFound("没有找到该地区/单位，或您无权查看")
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError as exc:
            raise serializers.ValidationError({"year": "年度应为数字"}) from exc
        if not 2000 <= year <= 2100:
            raise serializers.ValidationError({"year": "年度应在2000至2100之间"})
        start, end = selectors.year_span(year)
        return Response({
            "place": place.pk, "place_name": place.name, "year": year,
            "total": _rates(selectors.rates(place, start, end)),
            "children": [{"place": child.pk, "place_name": child.name, **_rates(r)}
                         for child, r in selectors.rates_by_child(place, start, end)],
        })


ROUTES = [
    ("quiz-banks", QuestionBankViewSet, "quizbank"),
    ("quiz-questions", QuestionViewSet, "quizquestion"),
    ("quizzes", QuizViewSet, "quiz"),
    ("quiz-rates", QuizRatesViewSet, "quizrates"),
]
