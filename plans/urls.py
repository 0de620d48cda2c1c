from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("mijn-plan/", views.my_plan, name="my-plan"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/onderdeel/<str:key>/", views.section_update, name="section-update"),
    path("<int:pk>/onderdeel/<str:key>/autosave/", views.section_autosave, name="section-autosave"),
    path("<int:pk>/onderdeel/<str:key>/regel/", views.section_row, name="section-row"),
    path("<int:pk>/bestand/<str:slot>/upload/", views.file_upload, name="file-upload"),
    path("<int:pk>/bestand/<int:file_id>/", views.file_download, name="file-download"),
    path("<int:pk>/ontbreekt/", views.plan_checklist, name="checklist"),
    path("<int:pk>/indienen/", views.plan_submit, name="submit"),
    path("<int:pk>/intrekken/", views.plan_withdraw, name="withdraw"),
    path("<int:pk>/versie/<int:number>/pdf/", views.version_pdf, name="version-pdf"),
    path("<int:pk>/versie/<int:number>/pdf/status/", views.version_pdf_status, name="version-pdf-status"),
]
