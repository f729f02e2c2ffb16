from django.urls import path

from tuanjie.quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("", views.QuizListView.as_view(), name="quiz_list"),
    path("add/", views.QuizEditView.as_view(), name="quiz_add"),
    path("<int:pk>/", views.QuizDetailView.as_view(), name="quiz_detail"),
    path("<int:pk>/edit/", views.QuizEditView.as_view(), name="quiz_edit"),
    path("<int:pk>/delete/", views.QuizDeleteView.as_view(), name="quiz_delete"),
    path("<int:pk>/publish/", views.quiz_publish, name="quiz_publish"),
    path("<int:pk>/samples/", views.sample_add, name="sample_add"),
    path("<int:pk>/items/", views.survey_item_add, name="survey_item_add"),
    path("<int:pk>/qr.svg", views.sample_qr, name="sample_qr"),
    path("banks/", views.BankListView.as_view(), name="bank_list"),
    path("banks/add/", views.BankEditView.as_view(), name="bank_add"),
    path("banks/<int:pk>/", views.BankDetailView.as_view(), name="bank_detail"),
    path("banks/<int:pk>/edit/", views.BankEditView.as_view(), name="bank_edit"),
    path("banks/<int:pk>/delete/", views.BankDeleteView.as_view(), name="bank_delete"),
    path("questions/add/", views.QuestionEditView.as_view(), name="question_add"),
    path("questions/<int:pk>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path("questions/<int:pk>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("questions/<int:pk>/delete/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("questions/import/", views.QuestionImportView.as_view(), name="question_import"),
    path("questions/import/template/", views.question_import_template, name="question_import_template"),
    path("rates/", views.rates_view, name="rates"),
    path("mine/", views.my_tests, name="mine"),
    path("take/<int:pk>/", views.take, name="take"),
    path("sheet/<str:token>/", views.sheet, name="sheet"),
    path("sheets/", views.AttemptListView.as_view(), name="attempt_list"),
    path("sheets/<int:pk>/", views.AttemptDetailView.as_view(), name="attempt_detail"),
]
