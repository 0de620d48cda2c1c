"""The corpus on which the browser's print preview and the exact A4 measure must agree.

The drafting tests' own texts, generated sections of 0.5 to 3.5 A4 (headings, lists, tables, long Dutch
compounds, text pasted from Word) for every limited section, and texts just under, at and over each limit (found
with the exact measure itself). Every text is cleaned as the portal stores it (``clean_html``). Deterministic.
"""

import random
from dataclasses import dataclass, field

from plans import page_limits
from plans.constants import PartyKind
from plans.printing import render_section_html
from plans.richtext import clean_html
from plans.sections import spec_for

WORDS = (
    "de regio werkgevers werkzoekenden matches banen scholing begeleiding gemeente UWV onderwijs aanpak krapte "
    "vacatures techniek zorg logistiek instroom doorstroom samenwerking afspraken monitoring resultaten kansen "
    "arbeidsmarkt ondersteuning jongeren statushouders herintreders loopbaan ontwikkeling praktijkleren bijscholing "
    "in met voor naar op van een het en om dat zodat waarbij binnen tussen tijdens"
).split()
COMPOUNDS = (
    "arbeidsmarktregiowerkgeversdienstverleningsafspraken",
    "re-integratieverantwoordelijkheidsverdeling",
    "werkgeversservicepuntcoördinatiemedewerkersoverleg",
    "loonkostensubsidieregelingsuitvoeringsvoorschriften",
    "praktijkleerwerkplaatsbegeleidingsovereenkomst",
    "participatiewetuitkeringsgerechtigden",
)
WORD_PASTE = (
    '<p class="MsoNormal" style="margin:0cm;font-family:Calibri,sans-serif"><span lang="NL" '
    'style="font-size:11.0pt;mso-ansi-language:NL">{text}<o:p></o:p></span></p>'
)
FROM_DRAFTING_TESTS = (
    "<h2>Kansen en uitdagingen</h2><p>In <strong>zorg</strong> en <em>techniek</em> is krapte.</p>"
    "<ul><li>Regio in beeld van UWV</li><li>Werken in de Zorg</li></ul>"
    "<table><tr><th>Sector</th><th>Vacatures</th></tr><tr><td>Zorg</td><td>1200</td></tr></table>"
    '<p><a href="https://www.uwv.nl">UWV</a></p>',
    "<p>" + "Een lange toelichting op de ambitie die veel te veel ruimte inneemt. " * 120 + "</p>",
    "<p>Twee keer zoveel matches als in 2018.</p>",
    "<p>Afspraken over monitoring.</p>",
)
# One A4 of body text holds roughly this many characters (10.5 pt Fira Sans on 17 cm): for sizing only.
CHARS_PER_PAGE = 4200


@dataclass
class Case:
    name: str
    key: str
    parts: dict[str, str]
    data: dict = field(default_factory=dict)

    def rows(self) -> tuple[str, list[dict]] | None:
        """The table the form holds for this case (name, rows), as the browser fills it in."""
        if self.key == "betrokkenen":
            return "parties", self.data.get("parties", [])
        if self.key == "instrumenten":
            return "rows", self.data.get("rows", [])
        return None


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret

    def words(self, count: int) -> str:
        out = []
        for _ in range(count):
            word = self.rng.choice(COMPOUNDS) if self.rng.random() < 0.04 else self.rng.choice(WORDS)
            out.append(word)
        text = " ".join(out)
        return text[:1].upper() + text[1:] + "." if text else ""

    def inline(self, count: int) -> str:
        text = self.words(count).split(" ")
        if len(text) > 6 and self.rng.random() < 0.5:
            i = self.rng.randrange(len(text) - 3)
            text[i] = f"<strong>{text[i]}</strong>"
            text[i + 2] = f"<em>{text[i + 2]}</em>"
        return " ".join(text)

    def block(self) -> str:
        kind = self.rng.choices(["p", "h", "ul", "ol", "table", "word", "br"], [8, 2, 2, 1, 1, 2, 1])[0]
        if kind == "h":
            level = self.rng.choice([2, 3, 4])
            return f"<h{level}>{self.words(self.rng.randint(2, 7))[:-1]}</h{level}>"
        if kind in ("ul", "ol"):
            items = "".join(f"<li>{self.inline(self.rng.randint(3, 30))}</li>" for _ in range(self.rng.randint(2, 7)))
            if self.rng.random() < 0.3:
                items += f"<li>{self.words(3)}<ul><li>{self.words(8)}</li><li>{self.words(12)}</li></ul></li>"
            return f"<{kind}>{items}</{kind}>"
        if kind == "table":
            columns = self.rng.randint(2, 4)
            head = "".join(f"<th>{self.words(self.rng.randint(1, 3))[:-1]}</th>" for _ in range(columns))
            body = "".join(
                "<tr>" + "".join(f"<td>{self.words(self.rng.randint(1, 14))}</td>" for _ in range(columns)) + "</tr>"
                for _ in range(self.rng.randint(2, 9))
            )
            return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        if kind == "word":
            return WORD_PASTE.format(text=self.inline(self.rng.randint(20, 90)))
        if kind == "br":
            return f"<p>{self.words(10)}<br>{self.words(14)}<br>{self.words(6)}</p>"
        return f"<p>{self.inline(self.rng.randint(15, 120))}</p>"

    def text(self, pages: float) -> str:
        blocks, size = [], 0
        while size < pages * CHARS_PER_PAGE:
            block = self.block()
            blocks.append(block)
            size += len(block)
        return "".join(blocks)

    def party(self) -> dict:
        return {
            "name": self.words(self.rng.randint(1, 5))[:-1],
            "kind": self.rng.choice(PartyKind.values),
            "role": self.words(self.rng.randint(2, 25)),
        }

    def instrument(self) -> dict:
        return {
            "party": self.words(self.rng.randint(1, 3))[:-1],
            "instrument": self.words(self.rng.randint(1, 20)),
            "money": str(self.rng.randint(0, 3_000_000)) if self.rng.random() < 0.8 else "",
            "capacity": self.words(self.rng.randint(0, 5))[:-1] if self.rng.random() < 0.7 else "",
        }


def _case(name: str, key: str, html: str, data: dict | None = None, *, spread: bool = False) -> Case:
    """``html`` in the section's first required part (or spread over all parts), cleaned as the portal stores it."""
    parts = [part.key for part in spec_for(key).parts]
    if spread and len(parts) > 1:
        chunks = html.split("</p>")
        size = max(1, len(chunks) // len(parts))
        texts = ["</p>".join(chunks[i * size : (i + 1) * size]) + "</p>" for i in range(len(parts))]
        return Case(name, key, {p: clean_html(t) for p, t in zip(parts, texts, strict=True)}, data or {})
    required = [part.key for part in spec_for(key).parts if part.required] or parts
    return Case(name, key, {required[0]: clean_html(html)}, data or {})


def snapshot_for(base: dict, case: Case) -> dict:
    snapshot = {**base, "sections": {**base["sections"]}}
    snapshot["sections"][case.key] = {
        **base["sections"][case.key],
        "parts": {**{p.key: "" for p in spec_for(case.key).parts}, **case.parts},
        "data": case.data,
    }
    return snapshot


def exact(base: dict, case: Case):
    """The exact measure of the case (WeasyPrint) and its hash."""
    return page_limits.measure_html_hashed(render_section_html(snapshot_for(base, case), case.key))


def _around_limit(base: dict, key: str, limit: float, unit, name: str) -> list[Case]:
    """Texts of n units where n is the last count that fits ``limit`` (bisected with the exact measure), with the
    counts just under (n - 1) and just over (n + 1)."""
    low, high = 0, 8
    while exact(base, unit(high)).pages <= limit:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if exact(base, unit(middle)).pages <= limit:
            low = middle
        else:
            high = middle
    cases = []
    for n in (low - 1, low, low + 1):
        case = unit(n)
        case.name = f"{name} {n}"
        cases.append(case)
    return cases


def corpus(base: dict, limits: dict[str, float], *, generated: int = 84) -> list[Case]:
    """Every case: the drafting tests' texts, ``generated`` random sections of 0.5-3.5 A4, and the limit edges."""
    writer = Writer(15)
    keys = list(limits)
    cases = [_case(f"drafting {i}", keys[i % len(keys)], html) for i, html in enumerate(FROM_DRAFTING_TESTS)]
    for i in range(generated):
        key = keys[i % len(keys)]
        pages = 0.5 + 3.0 * i / max(1, generated - 1)
        data = {}
        if key == "betrokkenen":
            data = {"parties": [writer.party() for _ in range(writer.rng.randint(1, 25))]}
            pages = max(0.2, pages - len(data["parties"]) * 0.06)
        elif key == "instrumenten":
            data = {"rows": [writer.instrument() for _ in range(writer.rng.randint(1, 30))]}
            pages = max(0.2, pages - len(data["rows"]) * 0.06)
        cases.append(_case(f"generated {i} {key} ~{pages:.1f} A4", key, writer.text(pages), data, spread=i % 3 == 0))
    line = Writer(16).words(11)
    item = Writer(17).words(24)
    for key in keys:
        limit = float(limits[key])
        cases += _around_limit(base, key, limit, lambda n, k=key: _case("", k, f"<p>{line}</p>" * n), f"lines {key}")
    cases += _around_limit(
        base, "analyse", float(limits["analyse"]), lambda n: _case("", "analyse", f"<ul>{f'<li>{item}</li>' * n}</ul>"),
        "list items analyse",
    )  # fmt: skip
    rows = Writer(18)
    table_rows = [rows.instrument() for _ in range(200)]
    cases += _around_limit(
        base, "instrumenten", float(limits["instrumenten"]),
        lambda n: Case("", "instrumenten", {}, {"rows": table_rows[:n]}), "table rows instrumenten",
    )  # fmt: skip
    return cases
