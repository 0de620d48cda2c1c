"""The plan's building blocks. The section page limits of a round live here, with the A4 measure."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pow_portal.models import ProgrammeRound

from .constants import Section


class SectionLimit(models.Model):
    """The A4 page limit of one section in one programme round ("max 2 A4"), editable by the ministry."""

    round = models.ForeignKey(
        ProgrammeRound, verbose_name=_("programmaronde"), on_delete=models.CASCADE, related_name="section_limits"
    )
    section = models.CharField(_("onderdeel"), max_length=32, choices=Section.choices)
    max_pages = models.DecimalField(_("maximaal aantal A4"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["round", "section"]
        verbose_name = _("paginalimiet")
        verbose_name_plural = _("paginalimieten")
        constraints = [
            models.UniqueConstraint(fields=["round", "section"], name="one_limit_per_round_section"),
            models.CheckConstraint(condition=models.Q(max_pages__gt=0), name="limit_positive"),
        ]

    def __str__(self):
        return f"{self.get_section_display()}: max {self.max_pages} A4"
