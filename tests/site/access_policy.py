"""Who may pass which door: the table the generated access test checks every URL against.

One row per URL of the URLconf: ``{"GET": visitors, "POST": visitors}``; every visitor not named must be
refused (a login redirect, 401, 403, 404, 405, or a redirect carrying a permission refusal such as "Uw rol
mag deze stap niet zetten"). A visitor named may pass the door; what they then get can still be a
form error or a "not in this state" message, which is the workflow's business, not the door's.

``object`` says which plan of the test world the URL's ids point at:
  "A": Helmond-De Peel's plan, submitted and sent back for changes (the region edits; reviewers read
       version 1);
  "B": Noord-Limburg's plan, advised, approved and on a payment list (letter, money);
  "C": Rijnmond's plan, in review by the support team;
  "D": Twente's plan, a draft never submitted: nobody but Twente's own users may see or touch it;
  "circulaire"/"payment": the circulaire and payment of plan B.
"eigen regio" is a user of that plan's region, "andere regio" a user of Holland Rijnland.
``variants`` ask the same URL again about another object, with rows of their own (see DRAFT below).
``fragment`` marks an htmx partial (not a whole page, so not given to the HTML checker).
``data`` is the POST body (formatted with the URL's ids), so a POST reaches the permission check
instead of stopping at an empty form.

Rows follow SPEC.md's roles table: only a region's own users see its working draft; reviewers see
submitted versions; the beheerder manages users and reference data but never plans or money.
"""

ANON = "anoniem"
OWN = "eigen regio"
OTHER = "andere regio"
OT = "ondersteuningsteam"
SG = "stuurgroep"
SZW = "ministerie"
BEHEER = "beheerder"
VISITORS = (ANON, OWN, OTHER, OT, SG, SZW, BEHEER)

NOBODY = ()
EVERYONE = VISITORS
LOGGED_IN = (OWN, OTHER, OT, SG, SZW, BEHEER)
REGIONS = (OWN, OTHER)
REVIEWERS = (OT, SG, SZW)
#: The plan's own region and the reviewers who read its submitted versions.
PLAN_READERS = (OWN, *REVIEWERS)
STAFF = (SZW, BEHEER)  # the ministry and the beheerder use the admin (/beheer/), each for their own models

POLICY = {
    # --- the portal's own pages
    "home": {"GET": LOGGED_IN, "POST": LOGGED_IN},
    "health": {"GET": EVERYONE, "POST": NOBODY},
    "login": {"GET": EVERYONE, "POST": EVERYONE},
    "logout": {"GET": NOBODY, "POST": EVERYONE, "login_redirect_is_success": True},
    "password_reset": {"GET": EVERYONE, "POST": EVERYONE},
    "password_reset_done": {"GET": EVERYONE, "POST": NOBODY},
    "password_reset_confirm": {
        "GET": EVERYONE,
        "POST": EVERYONE,
        "fixed": {"uidb64": "MQ", "token": "ongeldig-token"},
    },
    "password_reset_complete": {"GET": EVERYONE, "POST": NOBODY},
    "set_language": {"GET": EVERYONE, "POST": EVERYONE, "data": {"language": "en"}},
    # --- plans: the region drafts (its own pages); reviewers read what was submitted on the review pages, and
    # download its files and version PDFs from there
    "plans:my-plan": {"GET": REGIONS, "POST": REGIONS},
    "plans:plan-detail": {"GET": (OWN,), "POST": (OWN,)},
    "plans:section-update": {"GET": (OWN,), "POST": (OWN,)},
    "plans:section-row": {
        "GET": (OWN,),
        "POST": NOBODY,
        "fixed": {"key": "betrokkenen"},
        "query": "?index=4",
        "fragment": True,
    },
    "plans:section-autosave": {"GET": NOBODY, "POST": (OWN,), "fragment": True},
    "plans:file-upload": {"GET": NOBODY, "POST": (OWN,)},
    "plans:file-download": {"GET": PLAN_READERS, "POST": PLAN_READERS},
    "plans:checklist": {"GET": (OWN,), "POST": (OWN,)},
    "plans:submit": {"GET": (OWN,), "POST": (OWN,), "data": {"expected_status": "aanvulling_gevraagd"}},
    "plans:withdraw": {
        "GET": NOBODY,
        "POST": (OWN,),
        "data": {"reason": "Toegangstest", "expected_status": "aanvulling_gevraagd"},
    },
    "plans:version-pdf": {"GET": PLAN_READERS, "POST": PLAN_READERS},
    "plans:version-pdf-status": {"GET": PLAN_READERS, "POST": PLAN_READERS, "fragment": True},
    # --- review: the support team checks, the stuurgroep advises, the ministry decides and pays
    "review:queue": {"GET": REVIEWERS, "POST": REVIEWERS},
    "review:plan": {"GET": REVIEWERS, "POST": REVIEWERS, "object": "C"},
    "review:move": {"GET": NOBODY, "POST": (OT,), "object": "C", "fixed": {"target": "volledig"}},
    "review:check-item": {
        "GET": NOBODY,
        "POST": (OT,),
        "object": "C",
        "data": {"item{item_id}-confirmed": "ja", "item{item_id}-note": "Toegangstest"},
    },
    "review:check-confirm-proposals": {"GET": NOBODY, "POST": (OT,), "object": "C"},
    "review:comment": {"GET": NOBODY, "POST": (OT,), "object": "C", "data": {"section": "analyse", "text": "Test"}},
    "review:diff": {"GET": REVIEWERS, "POST": REVIEWERS, "object": "C"},
    "review:letter": {"GET": PLAN_READERS, "POST": PLAN_READERS, "object": "B"},
    "review:meetings": {"GET": REVIEWERS, "POST": (SG,), "data": {"date": "2019-08-22", "title": "Stuurgroep"}},
    "review:meeting": {"GET": REVIEWERS, "POST": (SG,), "object": "B", "data": {"plan": "{pk}"}},
    "review:advice": {"GET": NOBODY, "POST": (SG,), "object": "B", "data": {"kind": "positief", "reasons": "Test"}},
    "review:pending": {"GET": (OT, SZW), "POST": (OT, SZW)},
    "review:decisions": {"GET": (SZW,), "POST": (SZW,)},
    "review:decide": {
        "GET": NOBODY,
        "POST": (SZW,),
        "object": "B",
        "data": {"{pk}-kind": "goedkeuring", "{pk}-decided_on": "2019-06-03", "{pk}-reference": "2019-1"},
    },
    "review:circulaires": {"GET": (SZW,), "POST": (SZW,)},
    "review:circulaire": {"GET": (SZW,), "POST": (SZW,), "object": "circulaire"},
    "review:circulaire-export": {"GET": (SZW,), "POST": (SZW,), "object": "circulaire"},
    "review:circulaire-lock": {"GET": NOBODY, "POST": (SZW,), "object": "circulaire"},
    "review:payment-correct": {"GET": NOBODY, "POST": (SZW,), "object": "payment", "data": {"reason": "Test"}},
    # --- the admin (/beheer/): its unnamed addresses
    "admin:<(?P<url>.*)$>": {"GET": NOBODY, "POST": NOBODY, "path": "/beheer/bestaat-niet/"},
    "admin:<<path:object_id>/>": {"GET": STAFF, "POST": STAFF, "path": "/beheer/pow_portal/user/1/"},
    "admin:login": {"GET": EVERYONE, "POST": EVERYONE, "kwargs": "admin"},
    # GET: staff get 405; anyone else is sent to the admin's index (and from there to the login page).
    "admin:logout": {
        "GET": (ANON, OWN, OTHER, OT, SG),
        "POST": EVERYONE,
        "kwargs": "admin",
        "login_redirect_is_success": True,
    },
}

# The admin's addresses per model, by what the model's admin allows: "view" for the ministry and the
# beheerder; "edit" (add, change, delete, history) for who may change it. Every admin URL name must be
# here or in POLICY: a newly registered model fails the test until it gets a line.
_ADMIN_MODELS = {
    # model: (who may view, who may add and change, who may delete)
    "pow_portal_user": ((BEHEER,), (BEHEER,), (BEHEER,)),
    "pow_portal_arbeidsmarktregio": (STAFF, (BEHEER,), (BEHEER,)),
    "pow_portal_programmeround": (STAFF, STAFF, (BEHEER,)),
    "pow_portal_auditevent": (STAFF, NOBODY, NOBODY),
    "pow_portal_notification": ((BEHEER,), NOBODY, NOBODY),
    # role grants: the beheerders see them and confirm or withdraw them (an action); nobody edits or deletes one
    "pow_portal_rolegrant": ((BEHEER,), NOBODY, NOBODY),
    "plans_sectionlimit": (STAFF, STAFF, (BEHEER,)),
    "plans_plan": (STAFF, NOBODY, NOBODY),
    "plans_planversion": (STAFF, NOBODY, NOBODY),
    "plans_planstatuschange": (STAFF, NOBODY, NOBODY),
    "review_circulaire": (STAFF, STAFF, NOBODY),
    "review_lettertemplate": (STAFF, STAFF, (BEHEER,)),
    "review_payment": (STAFF, NOBODY, NOBODY),
    "review_paymentcorrection": (STAFF, NOBODY, NOBODY),
    "auth_group": (NOBODY, NOBODY, NOBODY),  # Django's own GroupAdmin: per-model permissions nobody has
    "pow_portal_job": ((BEHEER,), NOBODY, NOBODY),
    "review_circulaireexport": (STAFF, NOBODY, NOBODY),
    # login lockouts and second-factor devices: the beheerder looks and unlocks (deletes), nobody edits them here
    "axes_accessattempt": ((BEHEER,), NOBODY, (BEHEER,)),
    "otp_static_staticdevice": ((BEHEER,), NOBODY, (BEHEER,)),
    "otp_totp_totpdevice": ((BEHEER,), NOBODY, (BEHEER,)),
    "pow_portal_oidcidentity": ((BEHEER,), NOBODY, (BEHEER,)),  # deleting the link unlinks the provider's account
    "pow_portal_passkey": ((BEHEER,), NOBODY, (BEHEER,)),
    "monitoring_evaluation": (STAFF, NOBODY, NOBODY),  # a record carrying money: read-only for everyone
    "monitoring_monitoringperiod": (STAFF, STAFF, (BEHEER,)),
    "monitoring_nationalmeeting": (STAFF, STAFF, (BEHEER,)),
    "monitoring_reportstatuschange": (STAFF, NOBODY, NOBODY),
}


def _admin_rows():
    rows = {
        "admin:index": {"GET": STAFF, "POST": STAFF, "kwargs": "admin"},
        "admin:app_list": {"GET": STAFF, "POST": STAFF, "kwargs": "admin"},
        "admin:password_change": {"GET": STAFF, "POST": STAFF, "kwargs": "admin"},
        "admin:password_change_done": {"GET": STAFF, "POST": NOBODY, "kwargs": "admin"},
        "admin:jsi18n": {"GET": STAFF, "POST": NOBODY, "kwargs": "admin"},
        # No admin has autocomplete fields, so every autocomplete request is refused.
        "admin:autocomplete": {"GET": NOBODY, "POST": NOBODY, "kwargs": "admin"},
        # No model has a public page ("view on site"): the user's is a 404 for everyone.
        "admin:view_on_site": {"GET": NOBODY, "POST": NOBODY, "kwargs": "admin"},
        "admin:auth_user_password_change": {"GET": (BEHEER,), "POST": (BEHEER,), "kwargs": "admin"},
    }
    for model, (view, edit, delete) in _ADMIN_MODELS.items():
        rows[f"admin:{model}_changelist"] = {"GET": view, "POST": view, "kwargs": "admin"}
        rows[f"admin:{model}_change"] = {"GET": view, "POST": edit, "kwargs": "admin"}
        rows[f"admin:{model}_add"] = {"GET": edit, "POST": edit, "kwargs": "admin"}
        rows[f"admin:{model}_delete"] = {"GET": delete, "POST": delete, "kwargs": "admin"}
        rows[f"admin:{model}_history"] = {"GET": view, "POST": view, "kwargs": "admin"}
    return rows


POLICY.update(_admin_rows())

# The same plan pages asked again about a draft (plan "D", never submitted): only its own region passes.
_DRAFT = {"object": "D"}
DRAFT = {
    "plans:plan-detail": {**_DRAFT, "GET": (OWN,), "POST": (OWN,)},
    "plans:section-update": {**_DRAFT, "GET": (OWN,), "POST": (OWN,)},
    "plans:section-autosave": {**_DRAFT, "GET": NOBODY, "POST": (OWN,)},
    "plans:file-upload": {**_DRAFT, "GET": NOBODY, "POST": (OWN,)},
    "plans:file-download": {**_DRAFT, "GET": (OWN,), "POST": (OWN,)},
    "plans:section-row": {**_DRAFT, "GET": (OWN,), "POST": NOBODY},
    "plans:checklist": {**_DRAFT, "GET": (OWN,), "POST": (OWN,)},
    "plans:submit": {**_DRAFT, "GET": (OWN,), "POST": (OWN,), "data": {"expected_status": "concept"}},
    "plans:withdraw": {
        **_DRAFT,
        "GET": NOBODY,
        "POST": (OWN,),
        "data": {"reason": "Test", "expected_status": "concept"},
    },
    "review:plan": {**_DRAFT, "GET": NOBODY, "POST": NOBODY},
    "review:diff": {**_DRAFT, "GET": NOBODY, "POST": NOBODY},
    "review:check-confirm-proposals": {"GET": NOBODY, "POST": (OT,), "object": "C"},
    "review:comment": {**_DRAFT, "GET": NOBODY, "POST": NOBODY, "data": {"section": "analyse", "text": "Test"}},
    "review:move": {**_DRAFT, "GET": NOBODY, "POST": NOBODY, "fixed": {"target": "in_beoordeling"}},
}
for _name, _variant in DRAFT.items():
    POLICY[_name] = {**POLICY[_name], "variants": [_variant]}


# --- added with the merge of main: second factor, audit trail, gauge, export jobs, monitoring.
# Monitoring's objects (a submitted report, a conversation with a follow-up, the evaluation and its letter, the
# overview and a dossier file) belong to plan B's region; "eigen regio" is then Noord-Limburg's user.


def _row(obj, get, post, **extra):
    return {"GET": get, "POST": post, "object": obj, **extra}


_NEW = {
    "audit-list": {"GET": STAFF, "POST": NOBODY},  # the ministry and the beheerder read the audit trail
    # the logged-in user's own second factor (setting it up, or the code after the password)
    "otp-setup": {"GET": LOGGED_IN, "POST": LOGGED_IN},
    "otp-verify": {"GET": LOGGED_IN, "POST": LOGGED_IN},
    # sign-in through the organisation: 404 for everyone while no provider is configured (as here); with one, the
    # provider decides who gets in (tests/pow_portal/test_oidc.py walks those doors against a real provider)
    "oidc_authentication_init": {"GET": NOBODY, "POST": NOBODY},
    "oidc_authentication_callback": {"GET": NOBODY, "POST": NOBODY},
    # passkeys: each logged-in user manages their own (JSON posts; a wrong body is the form's business, not the
    # door's); a passkey that is not yours is not found, whoever asks
    "passkey-register-options": {"GET": NOBODY, "POST": LOGGED_IN},
    "passkey-register": {"GET": NOBODY, "POST": LOGGED_IN},
    "passkey-rename": {"GET": NOBODY, "POST": NOBODY, "fixed": {"pk": 987654}},
    "passkey-remove": {"GET": NOBODY, "POST": NOBODY, "fixed": {"pk": 987654}},
    "passkey-login-options": {"GET": NOBODY, "POST": LOGGED_IN},
    "passkey-login": {"GET": NOBODY, "POST": LOGGED_IN},
    "plans:section-gauge": _row("A", (OWN,), (OWN,), fragment=True, variants=[_row("D", (OWN,), (OWN,))]),
    "review:export-job": _row("export-job", (SZW,), (SZW,)),
    # trying a failed background job again (Wacht op verwerking)
    "job-retry": _row("failed-job", NOBODY, (OT, SZW, BEHEER)),
    # the beheerder's view of background work (the ministry and support team see it on review:pending too)
    "jobs": {"GET": (OT, SZW, BEHEER), "POST": NOBODY},
    "review:export-job-download": _row("export-job", (SZW,), (SZW,)),
    "monitoring:reports": {"GET": (*REGIONS, *REVIEWERS), "POST": (*REGIONS, *REVIEWERS)},
    "monitoring:report-edit": _row("report", (OWN,), (OWN,)),
    "monitoring:report-autosave": _row("report", NOBODY, (OWN,), fragment=True),
    "monitoring:report-submit": _row("report", NOBODY, (OWN,)),
    "monitoring:report-version": _row("report", PLAN_READERS, PLAN_READERS),
    "monitoring:report-version-pdf": _row("report", PLAN_READERS, PLAN_READERS),
    "monitoring:report-review": _row("report", NOBODY, (OT,)),
    "monitoring:meetings": {"GET": REVIEWERS, "POST": REVIEWERS},
    "monitoring:meeting": _row("meeting", REVIEWERS, (OT,)),
    "monitoring:region": _row("region", PLAN_READERS, (OT,)),
    "monitoring:dossier": _row("region", NOBODY, (OT, SZW)),
    "monitoring:follow-up-complete": _row("follow-up", NOBODY, (OT,)),
    "monitoring:evaluations": {"GET": REVIEWERS, "POST": REVIEWERS},
    # POST: the stuurgroep's progress advice and the ministry's evaluation (once recorded, a second one is told so)
    "monitoring:evaluation": _row(
        "evaluation",
        REVIEWERS,
        (SG, SZW),
        data={"good_progress": "ja", "evaluated_on": "2020-02-15", "reasons": "Test"},
    ),
    "monitoring:evaluation-letter": _row("evaluation", PLAN_READERS, PLAN_READERS),
    "monitoring:dashboard": {"GET": (OT, SZW), "POST": (OT, SZW)},
    "monitoring:dashboard-export": _row("dashboard", (OT, SZW), (OT, SZW)),
    "monitoring:inbox": {"GET": LOGGED_IN, "POST": LOGGED_IN},
    "monitoring:inbox-open": _row("notification", (OT,), (OT,)),  # only the notification's own recipient
    "monitoring:overview": {"GET": LOGGED_IN, "POST": LOGGED_IN},
    "monitoring:overview-pdf": {"GET": NOBODY, "POST": LOGGED_IN},
}
# The national overview's file is for everyone logged in; a region's dossier only for the support team and ministry.
for _name in ("monitoring:file", "monitoring:file-status", "monitoring:file-download"):
    _NEW[_name] = _row("overview-file", LOGGED_IN, LOGGED_IN, variants=[_row("dossier-file", (OT, SZW), (OT, SZW))])
_NEW["monitoring:file-status"]["fragment"] = True
POLICY.update(_NEW)
