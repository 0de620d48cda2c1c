"""Beoordeling en financiering: for now the circulaires of the gemeentefonds through which money is paid."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pow_portal.models import ProgrammeRound

from .constants import CirculaireStatus


class Circulaire(models.Model):
    """A gemeentefonds circulaire (e.g. the septembercirculaire 2019) with BZK's deadline for entries."""

    round = models.ForeignKey(
        ProgrammeRound, verbose_name=_("programmaronde"), on_delete=models.PROTECT, related_name="circulaires"
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("jaar"))
    bzk_deadline = models.DateField(_("deadline BZK"))
    publication_date = models.DateField(_("publicatiedatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CirculaireStatus.choices, default=CirculaireStatus.OPEN
    )

    class Meta:
        ordering = ["bzk_deadline"]
        verbose_name = _("circulaire")
        verbose_name_plural = _("circulaires")

    def __str__(self):
        return self.name
