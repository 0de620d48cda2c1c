"""Today's date in the Netherlands. One place, so tests can set the date the portal lives on.

Tests move the whole clock with time-machine (a dev-only package). ``on(day)`` is the portal's own, narrower
override for ``make run``'s demo loader only: it builds the programme's 2019-2020 history through the real
services, each step "on" its day, so that every rule that reads the date or the time (deadlines, "not in the
future", "not before the check", on time) judges the history as it was then, and its timestamps read as then.
"""

import contextlib
import contextvars
import datetime
from collections import Counter

from django.apps import apps
from django.utils import timezone

_fixed_day: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("pow_clock_day", default=None)
_real_now = timezone.now
_ticks: Counter = Counter()


def today() -> datetime.date:
    fixed = _fixed_day.get()
    return fixed if fixed is not None else timezone.localdate()


def _demo_now() -> datetime.datetime:
    """A moment on the fixed day (from 09:00, a second later at every call, so the order of events holds)."""
    day = _fixed_day.get()
    if day is None:
        return _real_now()
    start = datetime.datetime.combine(day, datetime.time(9), tzinfo=timezone.get_current_timezone())
    _ticks[day] += 1
    return start + datetime.timedelta(seconds=_ticks[day])


@contextlib.contextmanager
def on(day: datetime.date):
    """Let the portal live on ``day`` inside the block: ``today()``, ``timezone.now()`` and the model fields
    that default to it. For the demo loader only (one thread, no requests); never in a request or a task."""
    token = _fixed_day.set(day)
    fields = [
        f for model in apps.get_models() for f in model._meta.concrete_fields if f.default is _real_now
    ]  # the fields took the function itself when the models were defined, so they are switched one by one
    timezone.now = _demo_now
    _set_default(fields, _demo_now)
    try:
        yield day
    finally:
        _set_default(fields, _real_now)
        timezone.now = _real_now
        _fixed_day.reset(token)


def _set_default(fields, function) -> None:
    for field in fields:
        field.default = function
        field.__dict__.pop("_get_default", None)  # Django caches the default's callable on first use
