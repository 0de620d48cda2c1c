"""The portal's URLs plus the load bench's yardstick: a view that runs exactly one query (anonymous)."""

from django.http import HttpResponse
from django.urls import path

from pow_portal.models import Arbeidsmarktregio
from pow_portal.urls import urlpatterns as portal_urlpatterns


def one_query(request):
    return HttpResponse(str(Arbeidsmarktregio.objects.count()), content_type="text/plain")


urlpatterns = [path("bench/one-query/", one_query, name="bench-one-query"), *portal_urlpatterns]
