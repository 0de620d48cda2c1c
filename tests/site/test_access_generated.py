"""Access, generated from the URLconf: every URL, GET and POST, as every kind of visitor.

The URLconf is walked with ``get_resolver``; every named URL must have a row in
``tests.security.access_policy.POLICY`` (a new URL without a row fails this test). Each row says which
visitors may pass the door for GET and for POST; everyone else must be refused (login redirect, 403,
404 or 405). A 5xx is always a failure. Requests run in a savepoint that is rolled back, so one
visitor's POST never changes what the next one sees.
"""

import os
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plans.services import ERROR_NOT_YOUR_REGION
from plans.workflow import ERROR_OTHER_REGION, ERROR_ROLE

from .access_policy import POLICY, VISITORS

User = get_user_model()


def _walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or '<' + str(entry.pattern) + '>'}", entry


def url_names():
    """Every URL of the portal by name (an unnamed URL by its pattern in angle brackets)."""
    return dict(_walk(get_resolver()))


def _row(name):
    return POLICY.get(name)


def test_every_url_has_a_row_in_the_table():
    missing = sorted(str(name) for name in url_names() if _row(name) is None)
    assert not missing, f"URLs without a row in tests/site/access_policy.py: {missing}"
    stale = sorted(set(POLICY) - set(url_names()))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def _admin_kwargs(pattern):
    model_admin = getattr(pattern.callback, "model_admin", None)
    kwargs = {}
    if "object_id" in pattern.pattern.regex.groupindex:
        obj = model_admin.model._default_manager.order_by("pk").first() if model_admin else None
        kwargs["object_id"] = str(obj.pk) if obj else "1"
    if "id" in pattern.pattern.regex.groupindex:  # the user admin's password page
        kwargs["id"] = str(User.objects.order_by("pk").first().pk)
    if "content_type_id" in pattern.pattern.regex.groupindex:
        from django.contrib.contenttypes.models import ContentType

        kwargs["content_type_id"] = ContentType.objects.get_for_model(User).pk
        kwargs["object_id"] = str(User.objects.order_by("pk").first().pk)
    if "app_label" in pattern.pattern.regex.groupindex:
        kwargs["app_label"] = "pow_portal"
    return kwargs


def _url(name, pattern, row, world):
    """The address to request, the plan it belongs to, and the POST body."""
    if "path" in row:
        return row["path"], "A", {}
    if row.get("kwargs") == "admin":
        return reverse(name, kwargs=_admin_kwargs(pattern)), "A", {}
    source = row.get("object", "A")
    wanted = set(pattern.pattern.regex.groupindex)
    values = {**world["kwargs"].get(source, {}), **row.get("fixed", {})}
    data = {key.format(**values): value.format(**values) for key, value in row.get("data", {}).items()}
    return reverse(name, kwargs={k: values[k] for k in wanted}) + row.get("query", ""), source, data


#: Refusals a service gives after the door (the view then redirects with this message).
ERROR_REVIEW_ROLE = "Uw rol mag dit niet."  # review.services._require
REFUSAL_MESSAGES = {str(m) for m in (ERROR_ROLE, ERROR_OTHER_REGION, ERROR_NOT_YOUR_REGION, ERROR_REVIEW_ROLE)}


def _refused(response, row):
    if response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code == 302:
        target = response["Location"]
        if not row.get("login_redirect_is_success") and any(
            target.startswith(part) for part in (reverse("login"), reverse("admin:login"))
        ):
            return True
        return any(str(m) in REFUSAL_MESSAGES for m in get_messages(response.wsgi_request))
    return False


def test_every_url_answers_every_visitor_as_the_table_says(client, world):
    client.raise_request_exception = False  # a crash is a 500 cell, reported with the others
    cells = Counter()
    wrong = []
    observed = []
    checks = []
    for name, pattern in sorted(url_names().items(), key=lambda item: str(item[0])):
        row = _row(name)
        # A row may ask again about another object ("variants"), e.g. the same page of a draft plan.
        checks += [(name, pattern, {**row, **variant}) for variant in [{}, *row.get("variants", [])]]
    for name, pattern, row in checks:
        url, source, data = _url(name, pattern, row, world)
        for method in ("GET", "POST"):
            allowed = set(row[method])
            for visitor in VISITORS:
                user = world["visitors"][visitor]
                if isinstance(user, dict):
                    user = user[source] if source in user else user["A"]
                client.logout()
                if user is not None:
                    client.force_login(user)
                with transaction.atomic():
                    response = client.get(url) if method == "GET" else client.post(url, data)
                    transaction.set_rollback(True)
                refused = _refused(response, row)
                cells["checked"] += 1
                cells["refused"] += refused
                notes = [str(m) for m in get_messages(response.wsgi_request)] if response.status_code == 302 else []
                observed.append((name, method, visitor, response.status_code, refused, " | ".join(notes)))
                if response.status_code >= 500:
                    wrong.append(f"{method} {url} as {visitor}: {response.status_code}")
                elif refused == (visitor in allowed):
                    verdict = "refused" if refused else "allowed"
                    wrong.append(
                        f"{method} {url} as {visitor}: {verdict} ({response.status_code}), table says otherwise"
                    )
    if os.environ.get("POW_ACCESS_DUMP"):
        with open(os.environ["POW_ACCESS_DUMP"], "w") as out:
            for row in observed:
                out.write("\t".join(map(str, row)) + "\n")
    print(f"URL x visitor cells checked: {cells['checked']}, refused: {cells['refused']}")
    assert not wrong, "\n".join(wrong)
