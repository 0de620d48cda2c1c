"""``clock.on``: the demo loader's narrow way to let the services live on a past day."""

import datetime

import pytest
from django.utils import timezone

from pow_portal import clock
from pow_portal.models import AuditEvent
from pow_portal.services import audit_log

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 5, 23)


def test_on_a_day_the_date_the_time_and_the_model_defaults_read_that_day(make_user):
    user = make_user(username="klok", ministerie=True)
    audit_log(actor=user, action="clock.before", obj=user)  # Django has now cached the field's default
    with clock.on(DAY):
        assert clock.today() == DAY
        first, second = timezone.now(), timezone.now()
        assert timezone.localtime(first).date() == DAY and first < second  # time moves on within the day
        audit_log(actor=user, action="clock.test", obj=user)
    event = AuditEvent.objects.get(action="clock.test")
    assert timezone.localtime(event.created_at).date() == DAY


def test_after_the_block_the_real_clock_is_back_even_after_an_error():
    with pytest.raises(RuntimeError), clock.on(DAY):
        raise RuntimeError
    assert clock.today() == timezone.localdate() != DAY
    assert timezone.now().date() != DAY
    assert AuditEvent._meta.get_field("created_at").default is timezone.now
