from django.db import models
from django.utils.translation import gettext_lazy as _


class CirculaireStatus(models.TextChoices):
    OPEN = "open", _("Open")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
