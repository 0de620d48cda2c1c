import pytest

from pow_portal.models import Notification

pytestmark = pytest.mark.django_db


def test_the_ministry_hears_of_the_stuurgroep_advice(advised, people):
    mail = Notification.objects.get(key__endswith=":advice")
    assert mail.to == ["szw@example.nl"]
    assert mail.subject == "Advies stuurgroep: Helmond-De Peel"
    assert "positief" in mail.body
