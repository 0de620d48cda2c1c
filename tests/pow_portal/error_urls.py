"""The portal's URLs plus views that fail, for the error page tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from pow_portal.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("secret internals: password=hunter2 at db-host-7")


def suspicious(request):
    raise SuspiciousOperation("secret internals of a bad request")


urlpatterns = [
    path("test-fout/", broken),
    path("test-verdacht/", suspicious),
    *portal_urlpatterns,
]
