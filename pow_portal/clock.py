"""Today's date in the Netherlands. One place, so tests can set the date the portal lives on."""

from django.utils import timezone


def today():
    return timezone.localdate()
