from django.urls import path

from . import views, views_payments

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("plan/<int:pk>/", views.plan_review, name="plan"),
    path("plan/<int:pk>/stap/<str:target>/", views.plan_move, name="move"),
    path("plan/<int:pk>/toets/<int:item_id>/", views.check_item_update, name="check-item"),
    path("plan/<int:pk>/toets/voorstellen/", views.check_confirm_proposals, name="check-confirm-proposals"),
    path("plan/<int:pk>/opmerking/", views.comment_create, name="comment"),
    path("plan/<int:pk>/verschil/", views.version_diff, name="diff"),
    path("plan/<int:pk>/besluitbrief/", views.decision_letter, name="letter"),
    path("stuurgroep/", views.meetings, name="meetings"),
    path("stuurgroep/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("stuurgroep/<int:meeting_id>/advies/<int:pk>/", views.advice_create, name="advice"),
    path("besluiten/", views.decisions, name="decisions"),
    path("besluiten/<int:pk>/", views.decision_create, name="decide"),
    path("circulaires/", views_payments.circulaires, name="circulaires"),
    path("circulaires/<int:pk>/", views_payments.circulaire_detail, name="circulaire"),
    path("circulaires/<int:pk>/betaallijst.<str:fmt>", views_payments.circulaire_download, name="circulaire-export"),
    path("circulaires/<int:pk>/vaststellen/", views_payments.circulaire_lock, name="circulaire-lock"),
    path("verwerking/", views.pending, name="pending"),
    path("betalingen/<int:pk>/<str:action>/", views_payments.payment_correct, name="payment-correct"),
]
