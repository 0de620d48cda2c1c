/* Live print preview beside the section editor, and the A4 gauge read from it.
 *
 * The section is laid out by the browser in A4 page frames with the plan's own print stylesheet and font
 * (static/plans/print.css; static/plans/preview.css gives the page box as one fixed-height column per page and
 * WeasyPrint's own break rules). A typing pause (PAUSE_MS without an edit) copies the form into the preview,
 * reads where the content ends, and shows "voorbeeld: 1,5 van 2 A4" in the gauge: no server round trip. The
 * live region announces the figure once per pause, only when it changed. After the autosave the server's exact
 * measure (WeasyPrint, plans/page_limits.py) replaces it: "gemeten: 1,5 van 2 A4"; it decides, and the
 * browser's figure goes with the autosave so that the server logs where the two differ. */
(function () {
  "use strict";
  var panel = document.getElementById("print-preview");
  var form = document.getElementById("section-form");
  if (!panel || !form) return;
  var PAUSE_MS = 80;
  var MM = 96 / 25.4;
  var PAGE = { height: 247, pitch: 305, top: 25 };  // mm: content height, page + gap, top margin (preview.css)
  var text = panel.dataset;
  var limitHundredths = Math.round(parseFloat(text.limit) * 100);
  var frame = panel.querySelector("iframe");
  var view = document.getElementById("preview-pages-view");
  var scaler = panel.querySelector(".pow-preview__scaler");
  var toggle = panel.querySelector("[data-preview-toggle]");
  var announcer = document.getElementById("gauge-announce");
  var doc = null, pages = null, marks = null, section = null;
  var timer = null, figure = null, announced = "", editedSinceSave = false, partHtml = {};

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) { return values[key]; });
  }

  /* Hundredths of a page as the portal shows them: one decimal, rounded up, Dutch decimal comma. */
  function shown(hundredths) {
    var tenths = Math.ceil(hundredths / 10);
    var out = Math.floor(tenths / 10) + (text.lang === "en" ? "." : ",") + (tenths % 10);
    return out;
  }

  function limitShown() {
    return limitHundredths % 100 === 0 ? String(limitHundredths / 100) : shown(limitHundredths);
  }

  function isBlank(html) { return /^(\s|&nbsp;|<p>|<\/p>|<br\s*\/?>)*$/.test(html || ""); }

  function euro(value) {
    var number = Number(String(value).replace(",", "."));
    if (!isFinite(number)) return value;
    var parts = Math.abs(number).toFixed(2).split(".");
    return (number < 0 ? "-" : "") + "€ " + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + "," + parts[1];
  }

  function fieldValue(name) {
    var field = form.querySelector("[name$='-" + name + "']");
    return field ? field.value.trim() : "";
  }

  /* The rows of the parties or instruments table as the form holds them now (removed rows left out). */
  function tableRows(name, columns) {
    var rows = [];
    form.querySelectorAll("#rows-" + name + " [data-row]").forEach(function (row) {
      var removed = row.querySelector("input[name$='-DELETE']");
      if (row.hidden || (removed && removed.checked)) return;
      var cells = columns.map(function (column) {
        var key = column.split(":")[0];
        var field = row.querySelector("[name$='-" + key + "']");
        if (!field) return "";
        var value = field.value.trim();
        if (field.tagName === "SELECT") value = value ? field.options[field.selectedIndex].text.trim() : "";
        return value && column.split(":")[1] === "euro" ? euro(value) : value;
      });
      if (cells.some(function (cell) { return cell !== ""; })) rows.push(cells);
    });
    return rows;
  }

  /* The form, copied into the print markup (the same template the server measures). */
  function copyForm() {
    section.querySelectorAll("[data-part]").forEach(function (block) {
      var field = form.elements.namedItem("part_" + block.dataset.part);
      if (!field) return;
      var html = field.value;
      if (partHtml[block.dataset.part] === html) return;
      partHtml[block.dataset.part] = html;
      var blank = isBlank(html);
      var rich = block.querySelector(".rich");
      block.hidden = blank && !block.hasAttribute("data-required");
      if (blank) {
        rich.textContent = "";
        var empty = doc.createElement("p");
        empty.className = "empty";
        empty.textContent = block.dataset.empty;
        rich.appendChild(empty);
      } else {
        rich.innerHTML = html;
      }
    });
    section.querySelectorAll("[data-field]").forEach(function (cell) {
      var value = fieldValue(cell.dataset.field);
      cell.textContent = value === "" ? "—" : (/^\d+$/.test(value) ? String(parseInt(value, 10)) : value);
    });
    var kinds = ["reguliere_baan", "leerwerkplek", "basisbaan"].some(function (name) {
      return parseInt(fieldValue(name), 10) > 0;
    });
    section.querySelectorAll("[data-kinds]").forEach(function (row) { row.hidden = !kinds; });
    section.querySelectorAll("table[data-table]").forEach(function (table) {
      var body = table.querySelector("tbody[data-columns]");
      var rows = tableRows(table.dataset.table, body.dataset.columns.split(" "));
      body.textContent = "";
      rows.forEach(function (cells) {
        var tr = doc.createElement("tr");
        cells.forEach(function (cell) {
          var td = doc.createElement("td");
          td.textContent = cell;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.hidden = !rows.length;
      var empty = section.querySelector("[data-table-empty='" + table.dataset.table + "']");
      if (empty) empty.hidden = rows.length > 0;
    });
  }

  /* WeasyPrint keeps orphans and widows (2 lines each) by moving a block of 3 lines or fewer to the next page
   * whole; Chromium then leaves one line behind on the next page instead. Such a block is kept together here. */
  var LEAF = "p, li, h1, h2, h3, h4, blockquote, div";
  var NOT_LEAF = "p, li, ul, ol, table, div, h1, h2, h3, h4, blockquote";

  function keepShortBlocks() {
    var kept = 0;
    section.querySelectorAll(LEAF).forEach(function (element) {
      var rects = element.getClientRects();
      if (rects.length < 2 || element.querySelector(NOT_LEAF)) return;
      var line = parseFloat(doc.defaultView.getComputedStyle(element).lineHeight);
      if (rects[rects.length - 1].height < 2 * line - 0.5) {
        element.style.breakInside = "avoid";
        kept += 1;
      }
    });
    return kept;
  }

  /* Where the content ends: the page of the last line, table cell or picture and how far down it reaches.
   * The same arithmetic as plans/page_limits.py: pages - 1 + the last page's filled share, in hundredths. */
  function read() {
    var pitch = PAGE.pitch * MM, height = PAGE.height * MM;
    var origin = pages.getBoundingClientRect().top + PAGE.top * MM;
    var last = 0, bottom = 0;
    var elements = [section].concat(Array.prototype.slice.call(section.querySelectorAll("*")));
    elements.forEach(function (element) {
      var rects = element.getClientRects();
      for (var i = 0; i < rects.length; i++) {
        var rect = rects[i];
        if (!rect.height) continue;
        var page = Math.max(0, Math.floor((rect.top - origin + 0.5) / pitch));
        var reach = rect.bottom - origin - page * pitch;
        if (page > last) { last = page; bottom = reach; } else if (page === last && reach > bottom) { bottom = reach; }
      }
    });
    var share = Math.max(0, Math.min(1, bottom / height));
    return { pages: last + 1, hundredths: last * 100 + Math.max(Math.floor(share * 100 + 1e-9), 1) };
  }

  function mark(top, label, limit) {
    var line = doc.createElement("div");
    line.className = "pow-mark" + (limit ? " pow-mark--limit" : "");
    line.style.top = top + "mm";
    line.textContent = label;
    marks.appendChild(line);
  }

  /* Page ends and the limit line, the frame's size, and its scale to fit the panel. */
  function draw(result) {
    var limitPages = Math.ceil(limitHundredths / 100);
    var count = Math.max(result.pages, limitPages);
    marks.textContent = "";
    var limitPage = limitPages - 1, limitShare = (limitHundredths - limitPage * 100) / 100;
    for (var i = 0; i < count; i++) {
      var end = PAGE.top + i * PAGE.pitch + PAGE.height;
      if (i === limitPage && limitShare === 1) {
        mark(end, fill(text.textLimitLine, { n: limitPages }), true);
      } else {
        mark(end, fill(text.textPageEnd, { n: i + 1 }), false);
      }
    }
    if (limitShare < 1) mark(PAGE.top + limitPage * PAGE.pitch + limitShare * PAGE.height, fill(text.textLimitPart, { limit: limitShown() }), true);
    pages.style.minHeight = (count * PAGE.pitch - 8 - 2 * PAGE.top) + "mm";
    var height = count * PAGE.pitch - 8;
    frame.style.width = "210mm";
    frame.style.height = height + "mm";
    scale();
  }

  function scale() {
    if (view.classList.contains("pow-preview__view--collapsed")) return;
    var factor = Math.min(1, (view.clientWidth - 2) / (210 * MM));
    frame.style.transform = "scale(" + factor + ")";
    scaler.style.height = (parseFloat(frame.style.height) * MM * factor) + "px";
  }

  function currentVersion() {
    var field = document.getElementById("id_expected_version");
    return field ? field.value : "";
  }

  /* The gauge shows the browser's figure, unless the server's exact measure of this very text is on screen. */
  function showFigure() {
    var gauge = document.getElementById("gauge");
    if (!gauge || figure === null) return;
    var exact = !gauge.hasAttribute("data-gauge-pending") && gauge.dataset.gaugeVersion === currentVersion() && !editedSinceSave;
    if (exact && gauge.hasAttribute("data-gauge-pages")) return;
    var over = figure > limitHundredths;
    gauge.querySelector("[data-gauge-figure]").textContent = fill(text.textPreview, { used: shown(figure), limit: limitShown() });
    gauge.querySelector("[data-gauge-fill]").style.width = Math.min(100, Math.floor(figure / limitHundredths * 100)) + "%";
    gauge.classList.toggle("pow-gauge--over", over);
    var warning = gauge.querySelector(".pow-gauge__warning");
    if (over && !warning) {
      warning = document.createElement("p");
      warning.className = "pow-gauge__warning";
      gauge.appendChild(warning);
    }
    if (warning && !over) warning.remove();
    if (over) warning.textContent = fill(text.textOver, { excess: shown(figure - limitHundredths) });
  }

  function announce(silently) {
    var message = fill(text.textPreview, { used: shown(figure), limit: limitShown() });
    if (figure > limitHundredths) message += "; " + fill(text.textAnnounceOver, { excess: shown(figure - limitHundredths) });
    if (message === announced) return;
    announced = message;
    if (!silently && announcer) announcer.textContent = message;
  }

  /* One pause: copy, lay out, read, draw; the figure is also what the next autosave sends along. */
  function update(silently) {
    clearTimeout(timer);
    timer = null;
    if (!section) return;
    copyForm();
    for (var pass = 0; pass < 20 && keepShortBlocks(); pass++) { /* until no short block is split */ }
    var result = read();
    figure = result.hundredths;
    draw(result);
    showFigure();
    announce(silently);
    panel.dataset.previewPages = (figure / 100).toFixed(2);
    panel.dispatchEvent(new CustomEvent("pow:preview", { bubbles: true, detail: { hundredths: figure } }));
  }

  function edited() {
    editedSinceSave = true;
    clearTimeout(timer);
    timer = setTimeout(update, PAUSE_MS);
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("pow:edited", edited);
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== form) return;
    if (timer) update();
    editedSinceSave = false;
    if (figure !== null) event.detail.parameters.preview_pages = (figure / 100).toFixed(2);
  });
  document.body.addEventListener("htmx:afterSettle", function () { showFigure(); });

  function setCollapsed(collapsed) {
    view.classList.toggle("pow-preview__view--collapsed", collapsed);
    view.inert = collapsed;
    toggle.setAttribute("aria-expanded", String(!collapsed));
    toggle.textContent = collapsed ? text.textShow : text.textHide;
    if (!collapsed) scale();
  }
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    setCollapsed(toggle.getAttribute("aria-expanded") === "true");
  });
  var narrow = window.matchMedia("(max-width: 60rem)");
  setCollapsed(narrow.matches);
  narrow.addEventListener("change", function (event) { setCollapsed(event.matches); });
  window.addEventListener("resize", scale);

  /* The preview document: print.css and preview.css, the four faces of the print font loaded before the
   * first layout (a layout with a fallback font would be wrong). */
  function start() {
    doc = frame.contentDocument;
    doc.open();
    doc.write('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>' + frame.title + "</title>" +
      '<link rel="stylesheet" href="' + text.printCss + '"><link rel="stylesheet" href="' + text.previewCss + '">' +
      '</head><body><div class="pow-sheet"><div class="pow-pages"></div><div class="pow-marks" aria-hidden="true"></div></div></body></html>');
    doc.close();
    pages = doc.querySelector(".pow-pages");
    marks = doc.querySelector(".pow-marks");
    pages.innerHTML = document.getElementById("print-preview-source").innerHTML;
    section = pages.querySelector("section");
    waitForStyles();
  }

  function waitForStyles() {
    var links = doc.querySelectorAll("link[rel=stylesheet]");
    var loaded = Array.prototype.every.call(links, function (link) { return link.sheet && link.sheet.cssRules.length; });
    if (!loaded) { setTimeout(waitForStyles, 20); return; }
    var faces = ["400 14px", "italic 400 14px", "700 14px", "italic 700 14px"].map(function (font) {
      return doc.fonts.load(font + ' "PoW Fira Sans"');
    });
    var images = Array.prototype.map.call(section.querySelectorAll("img"), function (img) {
      return img.decode ? img.decode().catch(function () {}) : null;
    });
    Promise.all(faces.concat(images)).then(function () {
      update(true);
      panel.dataset.previewReady = "true";
    });
  }

  start();
})();
