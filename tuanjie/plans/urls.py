from django.urls import path

from tuanjie.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("add/", views.PlanEditView.as_view(), name="plan_add"),
    path("upper/", views.UpperPlansView.as_view(), name="upper_plans"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("<int:pk>/withdraw/", views.PlanWithdrawView.as_view(), name="plan_withdraw"),
    path("<int:pk>/derive/", views.PlanDeriveView.as_view(), name="plan_derive"),
    path("<int:pk>/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("<int:plan_pk>/schedule/add/", views.ScheduleEditView.as_view(), name="schedule_add"),
    path("<int:plan_pk>/tasks/add/", views.TaskEditView.as_view(), name="task_add"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/import/", views.TaskImportView.as_view(), name="task_import"),
    path("tasks/import/template/", views.task_import_template, name="task_import_template"),
    path("tasks/mine/", views.MyTasksView.as_view(), name="my_tasks"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/delete/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("tasks/<int:pk>/progress/", views.TaskProgressView.as_view(), name="task_progress"),
    path("progress/<int:pk>/", views.ProgressDetailView.as_view(), name="progress_detail"),
    path("schedule/<int:pk>/", views.ScheduleDetailView.as_view(), name="schedule_detail"),
    path("schedule/<int:pk>/edit/", views.ScheduleEditView.as_view(), name="schedule_edit"),
    path("schedule/<int:pk>/delete/", views.ScheduleDeleteView.as_view(), name="schedule_delete"),
]
