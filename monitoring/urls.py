from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("rapportage/<int:period_id>/", views.report_edit, name="report-edit"),
    path("rapportage/<int:period_id>/autosave/", views.report_autosave, name="report-autosave"),
    path("rapportage/<int:period_id>/indienen/", views.report_submit, name="report-submit"),
    path("ingediend/<int:pk>/", views.report_version, name="report-version"),
    path("ingediend/<int:pk>/pdf/", views.report_version_pdf, name="report-version-pdf"),
    path("ingediend/<int:pk>/beoordelen/", views.report_review, name="report-review"),
    path("bijeenkomsten/", views.meetings, name="meetings"),
    path("bijeenkomsten/<int:pk>/", views.meeting_attendance, name="meeting"),
    path("regio/<int:pk>/", views.region_detail, name="region"),
    path("vervolgactie/<int:pk>/afgerond/", views.follow_up_complete, name="follow-up-complete"),
    path("evaluatie/", views.evaluations, name="evaluations"),
    path("evaluatie/<int:pk>/", views.evaluation, name="evaluation"),
    path("evaluatie/<int:pk>/brief/", views.evaluation_letter, name="evaluation-letter"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/cijfers.<str:fmt>", views.dashboard_export, name="dashboard-export"),
    path("berichten/", views.inbox, name="inbox"),
    path("berichten/<int:pk>/", views.inbox_open, name="inbox-open"),
    path("overzicht/", views.overview, name="overview"),
    path("overzicht/pdf/", views.overview_pdf, name="overview-pdf"),
    path("regio/<int:pk>/dossier/", views.dossier, name="dossier"),
    path("bestand/<int:pk>/", views.file_progress, name="file"),
    path("bestand/<int:pk>/status/", views.file_status, name="file-status"),
    path("bestand/<int:pk>/download/", views.file_download, name="file-download"),
]
