"""Checks a page in Chromium for what Dutch number and date formats break: numbers in attributes that the browser
cannot read (the decimal comma), prefilled date fields it shows empty, and horizontal scrolling."""

NUMERIC_ATTRIBUTES_JS = """() => {
  const names = new Set(['x', 'y', 'dx', 'dy', 'width', 'height', 'rx', 'ry', 'cx', 'cy', 'r', 'x1', 'x2', 'y1', 'y2',
                         'min', 'max', 'step', 'value', 'viewBox']);
  const numeric = /^-?(\\d+|\\d*\\.\\d+)(%|px|em|rem)?$/;
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
  const root = document.documentElement, width = root.clientWidth;
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const problems = [];
  if (root.scrollWidth > width) {
    problems.push(`the page is ${root.scrollWidth} px wide in a ${width} px window`);
    // what sticks out, outside any container that scrolls on its own
    for (const el of document.body.querySelectorAll('*')) {
      if (el.getBoundingClientRect().right <= width + 1) continue;
      let p = el.parentElement;
      while (p && p !== document.body && !scrolls(p)) p = p.parentElement;
      if (p && p !== document.body) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1) continue;
      const right = Math.round(el.getBoundingClientRect().right);
      problems.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ends at ${right} px`);
      if (problems.length > 6) break;
    }
  }
  // A container that scrolls sideways is a labelled region the keyboard can reach.
  for (const el of document.body.querySelectorAll('*')) {
    if (scrolls(el) && el.scrollWidth > el.clientWidth + 1
        && !(el.getAttribute('role') === 'region' && el.getAttribute('aria-label')?.trim() && el.tabIndex === 0)) {
      problems.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} scrolls but is no labelled region`);
    }
  }
  return problems;
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
