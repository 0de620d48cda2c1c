from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of SPEC.md. A regio-medewerker is bound to exactly one arbeidsmarktregio."""

    REGIO = "regio", _("Regio-medewerker")
    ONDERSTEUNINGSTEAM = "ondersteuningsteam", _("Ondersteuningsteam")
    STUURGROEP = "stuurgroep", _("Stuurgroep (secretaris)")
    MINISTERIE = "ministerie", _("Ministerie van SZW")
    BEHEERDER = "beheerder", _("Beheerder")


#: Roles that keep the programme round's data (deadlines, limits, amounts) in the admin.
ROUND_EDITOR_ROLES = frozenset({Role.MINISTERIE, Role.BEHEERDER})
