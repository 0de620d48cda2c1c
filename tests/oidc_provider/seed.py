"""Set up the test provider: tables, a signing key, the portal as a client, and users.

``python -m tests.oidc_provider.seed PORTAL_URL`` with the provider's settings module; prints nothing."""

import sys

import django
from django.core.management import call_command

CLIENT_ID = "pow-portal"
CLIENT_SECRET = "pow-portal-test-secret"  # noqa: S105 - test provider only
PASSWORD = "provider-pass-2019"  # noqa: S105
#: username: (e-mail, groups); "_mfa" makes the provider vouch for a second factor.
USERS = {
    "m.visser": ("m.visser@minszw.nl", ["szw-pow", "_mfa"]),
    "j.devries": ("j.devries@minszw.nl", ["szw-pow"]),
    "k.mulder": ("k.mulder@gemeente.nl", ["pow-beheer", "_mfa"]),
    "a.nieuw": ("a.nieuw@gemeente.nl", ["_mfa"]),
}


def seed(portal_url: str):
    from django.contrib.auth.models import Group, User
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    client = Client.objects.create(
        name="Perspectief op Werk",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
    )
    client.redirect_uris = [f"{portal_url}/inloggen/organisatie/terug/"]
    client.post_logout_redirect_uris = [f"{portal_url}/inloggen/"]
    client.scope = ["openid", "email", "profile", "groups"]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    for username, (email, groups) in USERS.items():
        first, _dot, last = username.partition(".")
        user = User.objects.create_user(username, email=email, password=PASSWORD, first_name=first, last_name=last)
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])


if __name__ == "__main__":
    django.setup()
    seed(sys.argv[1].rstrip("/"))
