"""One rule in one place: these tests fail when a second copy of the page-limit or role rule appears.

They read the app code (migrations aside) as Python syntax trees:
- only ``plans/page_limits.py`` reads the page limits (``SectionLimit``, ``max_pages``) and compares pages with
  a limit; everyone else asks it for a verdict;
- only the permissions modules compare a user's role; everyone else calls ``has_role``/``role_check``/
  ``roles_required`` (pow_portal.permissions) or the plan rules (plans.permissions);
- plans never reaches into review (imports, or review's reverse relations ``comments``/``decision``);
- monitoring's views read through its selectors: no ORM query in ``monitoring/views.py``;
- templates never look at a user's role: the view (or the context processor's ``menu``) gives them flags.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("pow_portal", "plans", "review", "monitoring")
PAGE_LIMIT_MODULE = "plans/page_limits.py"
ROLE_MODULES = {"pow_portal/permissions.py", "plans/permissions.py", "monitoring/permissions.py"}
# The model that stores the limits, and its admin and data migration, may name it.
LIMIT_DATA_MODULES = {"plans/models.py", "plans/admin.py"}


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(), filename=str(path))


def _names(node) -> set[str]:
    """Every name and attribute name mentioned in an expression."""
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id.lower())
        elif isinstance(sub, ast.Attribute):
            found.add(sub.attr.lower())
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            found.add(sub.value.lower())
    return found


def page_limit_copies(tree) -> list[int]:
    """Lines that compare something about pages with something about a limit, or read the stored limits."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [_names(node.left), *(_names(c) for c in node.comparators)]
            pages = any(any("pages" in n and "max_pages" not in n for n in side) for side in sides)
            limit = any(any("limit" in n or "max_pages" in n for n in side) for side in sides)
            if pages and limit:
                lines.append(node.lineno)
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in {"SectionLimit", "max_pages"}:
                lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and any(a.name == "SectionLimit" for a in node.names):
            lines.append(node.lineno)
    return lines


def role_copies(tree) -> list[int]:
    """Lines that compare ``<something>.role`` (or getattr(..., "role")) with anything."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                for sub in ast.walk(side):
                    is_attr = isinstance(sub, ast.Attribute) and sub.attr == "role"
                    is_getattr = (
                        isinstance(sub, ast.Call)
                        and getattr(sub.func, "id", None) == "getattr"
                        and len(sub.args) > 1
                        and getattr(sub.args[1], "value", None) == "role"
                    )
                    if is_attr or is_getattr:
                        lines.append(node.lineno)
    return lines


#: Queryset methods and shortcuts that mean a view runs its own query.
ORM_CALLS = {
    "filter",
    "exclude",
    "get",
    "first",
    "last",
    "all",
    "order_by",
    "values",
    "values_list",
    "annotate",
    "aggregate",
    "select_related",
    "prefetch_related",
    "count",
    "exists",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
VIEW_MODULES_WITHOUT_ORM = ("monitoring/views.py",)


def orm_reads(tree) -> list[int]:
    """Lines that touch a manager (``.objects``) or call a queryset method or a 404 shortcut."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            lines.append(node.lineno)
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in SHORTCUTS:
                lines.append(node.lineno)
            elif isinstance(node.func, ast.Attribute) and node.func.attr in ORM_CALLS:
                receiver = node.func.value
                on_module = isinstance(receiver, ast.Name) and receiver.id in {"selectors", "services"}
                if not on_module and not _is_mapping_get(node):
                    lines.append(node.lineno)
    return lines


def _is_mapping_get(call) -> bool:
    """``request.GET.get(...)``, ``form.cleaned_data.get(...)``, ``d.get(key)``: a dict read, not a query."""
    return isinstance(call.func, ast.Attribute) and call.func.attr == "get" and len(call.args) >= 1


def test_the_page_limit_rule_has_one_home():
    copies = {
        path: lines
        for path, tree in app_modules()
        if path != PAGE_LIMIT_MODULE and path not in LIMIT_DATA_MODULES and (lines := page_limit_copies(tree))
    }
    assert copies == {}, f"page-limit rule outside {PAGE_LIMIT_MODULE}: {copies}"


def test_the_role_rule_has_one_home():
    copies = {path: lines for path, tree in app_modules() if path not in ROLE_MODULES and (lines := role_copies(tree))}
    assert copies == {}, f"role comparisons outside {sorted(ROLE_MODULES)}: {copies}"


def test_monitoring_views_read_through_selectors():
    reads = {
        path: lines for path, tree in app_modules() if path in VIEW_MODULES_WITHOUT_ORM and (lines := orm_reads(tree))
    }
    assert reads == {}, f"ORM queries in views (move them to the app's selectors.py): {reads}"


#: A template tag (``{% if ... %}``) that reads ``<something>.role``.
TEMPLATE_ROLE = re.compile(r"\{%[^%]*\.role\b[^%]*%\}")


def template_role_reads(text: str) -> list[int]:
    return [text.count("\n", 0, m.start()) + 1 for m in TEMPLATE_ROLE.finditer(text)]


def test_templates_get_flags_not_roles():
    found = {}
    for folder in (ROOT / "templates", *(ROOT / app / "templates" for app in APPS)):
        for path in sorted(folder.rglob("*.html")):
            if lines := template_role_reads(path.read_text()):
                found[path.relative_to(ROOT).as_posix()] = lines
    assert found == {}, f"role comparisons in templates (give the template a flag instead): {found}"


def test_plans_stays_below_review():
    reaching = {}
    for path, tree in app_modules():
        if not path.startswith("plans/"):
            continue
        for node in ast.walk(tree):
            imported = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(name.split(".")[0] in {"review", "monitoring"} for name in imported):
                reaching.setdefault(path, []).append(node.lineno)
            if isinstance(node, ast.Attribute) and node.attr in {"comments", "decision", "completeness", "advice"}:
                reaching.setdefault(path, []).append(node.lineno)
    assert reaching == {}


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("if row.pages > limit: pass", True),
        ("over = saved.pages > saved.limit", True),
        ("ok = pages.get(k) <= limits[k]", True),
        ("x = SectionLimit.objects.all()", True),
        ("judged = page_limits.verdict(key, pages, limit)", False),
    ],
)
def test_the_page_limit_detector_sees_a_copy(source, found):
    assert bool(page_limit_copies(ast.parse(source))) is found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("if user.role == Role.REGIO: pass", True),
        ("if request.user.role not in roles: pass", True),
        ('ok = getattr(u, "role", None) in roles', True),
        ("ok = has_role(user, Role.REGIO)", False),
    ],
)
def test_the_role_detector_sees_a_copy(source, found):
    assert bool(role_copies(ast.parse(source))) is found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("plan = Plan.objects.get(pk=pk)", True),
        ("plan = get_object_or_404(Plan, pk=pk)", True),
        ('latest = report.versions.order_by("-number").first()', True),
        ("rows = selectors.region_reports(plan)", False),
        ("ok = all(row.is_valid() for row in rows)", False),
        ('page = request.GET.get("pagina")', False),
    ],
)
def test_the_orm_detector_sees_a_query(source, found):
    assert bool(orm_reads(ast.parse(source))) is found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('{% if user.role == "ministerie" %}x{% endif %}', True),
        ("{% elif request.user.role != Role.BEHEERDER %}", True),
        ("{% if menu.audit %}", False),
        ("<td>{{ p.role }}</td>", False),
    ],
)
def test_the_template_role_detector_sees_a_copy(source, found):
    assert bool(template_role_reads(source)) is found
