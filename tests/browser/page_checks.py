"""Checks a page in Chromium for what Dutch number and date formats break: numbers in attributes that the browser
cannot read (the decimal comma), prefilled date fields it shows empty, and horizontal scrolling."""

NUMERIC_ATTRIBUTES_JS = """() => {
  const names = new Set(['x', 'y', 'dx', 'dy', 'width', 'height', 'rx', 'ry', 'cx', 'cy', 'r', 'x1', 'x2', 'y1', 'y2',
                         'min', 'max', 'step', 'value', 'viewBox']);
  const numeric = /^-?\\d+(\\.\\d+)?%?$/;
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name, v = attr.value.trim();
      if (/\\d,\\d/.test(v) && (names.has(name) || name.startsWith('data-') && /^[\\d.,%\\s-]+$/.test(v))) {
        bad.push(`${el.tagName.toLowerCase()} ${name}="${v}"`);
        continue;
      }
      if (name === 'style' && v && el.style.length === 0) {
        bad.push(`${el.tagName.toLowerCase()} style="${v}" (no declaration the browser could read)`);
        continue;
      }
      const takesNumber = el instanceof SVGElement ? names.has(name) && name !== 'viewBox'
        : ['min', 'max', 'step'].includes(name) && el.type !== 'date'
          || name === 'value' && (el.tagName === 'PROGRESS' || el.tagName === 'METER' || el.type === 'number'
                                  || el.type === 'range');
      if (takesNumber && v && !numeric.test(v)) bad.push(`${el.tagName.toLowerCase()} ${name}="${v}"`);
      if (name === 'viewBox' && !v.split(/\\s+/).every(part => numeric.test(part))) bad.push(`viewBox="${v}"`);
    }
  }
  return bad;
}"""

DATE_INPUTS_JS = """() => Array.from(document.querySelectorAll('input[type=date]')).map(i => ({
  name: i.name, attribute: i.getAttribute('value'), shown: i.value}))"""

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) out.push(`page ${document.documentElement.scrollWidth} px`);
  // What sticks out, unless it sits inside a container that scrolls on its own (a wide table's).
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    let inner = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { inner = true; break; }
    }
    if (!inner) out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
    if (out.length > 5) break;
  }
  return out;
}"""


def numeric_attributes_that_do_not_parse(page) -> list[str]:
    return page.evaluate(NUMERIC_ATTRIBUTES_JS)


def date_inputs(page) -> list[dict]:
    return page.evaluate(DATE_INPUTS_JS)


def prefilled_dates_not_shown(page) -> list[dict]:
    """Date fields whose value attribute is set but which the browser shows empty (or not as that ISO date)."""
    return [d for d in date_inputs(page) if d["attribute"] and (d["shown"] != d["attribute"] or len(d["shown"]) != 10)]


def horizontal_overflow(page) -> list[str]:
    return page.evaluate(OVERFLOW_JS)
