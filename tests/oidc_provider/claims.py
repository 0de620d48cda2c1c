"""What the test provider says about its users: e-mail and names, the groups (Django groups not starting with
"_"), and a second factor in ``amr`` for members of the group "_mfa" (as if they had used a token)."""

from django.utils.translation import gettext_lazy as _
from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["preferred_username"] = user.username
    return claims


class GroupsScopeClaims(ScopeClaims):
    info_groups = (_("Groepen"), _("De groepen waarvan u lid bent."))

    def scope_groups(self):
        names = self.user.groups.values_list("name", flat=True)
        return {"groups": sorted(name for name in names if not name.startswith("_"))}


def id_token_hook(id_token, user, **kwargs):
    if user.groups.filter(name="_mfa").exists():
        id_token["amr"] = ["pwd", "otp", "mfa"]
    else:
        id_token["amr"] = ["pwd"]
    return id_token
