/* Section editor: rich text (TinyMCE, self-hosted), autosave with the live A4 gauge (htmx),
 * and a copy of everything typed in localStorage so that no text is lost: not on a failed
 * save, not on an expired session, not on a closed tab. Conflicts are resolved on the server's
 * conflict page, never by overwriting silently. */
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  if (!form) return;
  var script = document.getElementById("section-editor-script");
  var storageKey = form.dataset.storageKey;
  var canEdit = form.dataset.canEdit === "true";
  var timer = null;
  var dirtySinceRequest = false;

  function syncEditors() {
    if (window.tinymce) window.tinymce.triggerSave();
  }

  function values() {
    syncEditors();
    var out = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") {
        if (out[name] !== undefined) return;
        out[name] = value;
      }
    });
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      out[box.name] = box.checked ? "on" : "";
    });
    return out;
  }

  function store() {
    if (!canEdit) return;
    try {
      localStorage.setItem(storageKey, JSON.stringify({ savedAt: new Date().toISOString(), fields: values() }));
    } catch (e) { /* storage full or disabled: the server copy still exists */ }
  }

  function clearStore() { localStorage.removeItem(storageKey); }

  function setField(name, value) {
    var field = form.elements.namedItem(name);
    if (!field || name === "expected_version") return;
    if (field.type === "checkbox") { field.checked = value === "on"; return; }
    field.value = value;
    if (window.tinymce && field.id && window.tinymce.get(field.id)) window.tinymce.get(field.id).setContent(value);
  }

  function differs(stored) {
    var current = values();
    return Object.keys(stored.fields).some(function (name) {
      return name !== "expected_version" && (stored.fields[name] || "") !== (current[name] || "");
    });
  }

  function offerRestore() {
    var raw = localStorage.getItem(storageKey);
    if (!raw || !canEdit) return;
    var stored;
    try { stored = JSON.parse(raw); } catch (e) { clearStore(); return; }
    if (!stored || !stored.fields || !differs(stored)) { clearStore(); return; }
    var banner = document.getElementById("restore-banner");
    banner.querySelector("[data-restore-time]").textContent = new Date(stored.savedAt).toLocaleString(document.documentElement.lang);
    banner.hidden = false;
    banner.querySelector("[data-restore]").addEventListener("click", function () {
      Object.keys(stored.fields).forEach(function (name) { setField(name, stored.fields[name]); });
      banner.hidden = true;
      store();
      form.dispatchEvent(new CustomEvent("pow:edited"));
      autosaveSoon(0);
    });
    banner.querySelector("[data-discard]").addEventListener("click", function () {
      clearStore();
      banner.hidden = true;
    });
  }

  var inFlight = false;
  var queued = false;
  var submitAfterSave = false;

  function runAutosave() {
    // One autosave at a time: a second one would carry the same version and conflict with the first.
    if (inFlight) { queued = true; return; }
    syncEditors();
    dirtySinceRequest = false;
    window.htmx.trigger(form, "pow:autosave");
  }

  function autosaveSoon(delay) {
    if (!canEdit || !form.hasAttribute("data-hx-post")) return;
    clearTimeout(timer);
    timer = setTimeout(runAutosave, delay);
  }

  function edited() {
    dirtySinceRequest = true;
    store();
    form.dispatchEvent(new CustomEvent("pow:edited"));  // the print preview lays the text out again
    autosaveSoon(1200);
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("focusout", function () { if (dirtySinceRequest) autosaveSoon(0); });
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    syncEditors();
    store();
    queued = false;
    if (inFlight) {
      // An autosave is on its way; submit once it is back, with the version it returns.
      event.preventDefault();
      submitAfterSave = true;
    }
  });
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt === form) inFlight = true;
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt !== form) return;
    inFlight = false;
    var status = event.detail.xhr.status;
    if (event.detail.successful) {
      document.getElementById("session-banner").hidden = true;
      if (!dirtySinceRequest) clearStore();
      if (submitAfterSave) {
        submitAfterSave = false;
        setTimeout(function () { form.requestSubmit(); }, 0);
      } else if (queued) {
        queued = false;
        runAutosave();
      }
    } else if (status === 409) {
      // Someone else saved in between: let the server show both texts side by side.
      store();
      form.submit();
    } else if (status === 401 || (status === 403 && /"csrf"/.test(event.detail.xhr.responseText))) {
      store();
      document.getElementById("session-banner").hidden = false;
    }
  });

  // The parties and instruments tables: rows are added (htmx, the server renders the row) and removed in place.
  function totalForms(name) { return form.querySelector("input[name='" + name + "-TOTAL_FORMS']"); }

  function announce(name, text) {
    var status = document.getElementById("rows-" + name + "-status");
    if (status) status.textContent = text;
  }

  function enhanceRows(scope) {
    scope.querySelectorAll("[data-row] input[name$='-DELETE']").forEach(function (box) {
      var field = box.closest(".utrecht-form-field") || box.parentElement;
      if (field) field.hidden = true;
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (!button) return;
    var row = button.closest("[data-row]");
    var box = row.querySelector("input[name$='-DELETE']");
    if (box) box.checked = true;
    row.hidden = true;
    var list = row.closest("[data-rows]");
    announce(list.dataset.rows, row.querySelector("legend").textContent.trim() + " " + (document.documentElement.lang === "en" ? "removed." : "verwijderd."));
    form.querySelector("[data-add-row='" + list.dataset.rows + "']").focus();
    edited();
  });
  document.body.addEventListener("htmx:configRequest", function (event) {
    var name = event.detail.elt.dataset && event.detail.elt.dataset.addRow;
    if (name) event.detail.parameters.index = totalForms(name).value;
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var name = event.detail.requestConfig && event.detail.requestConfig.elt.dataset.addRow;
    if (!name) return;
    var total = totalForms(name);
    total.value = String(parseInt(total.value, 10) + 1);
    var rows = event.detail.target.querySelectorAll("[data-row]");
    var row = rows[rows.length - 1];
    enhanceRows(row);
    var first = row.querySelector("input:not([type=hidden]), select");
    if (first) first.focus();
    announce(name, row.querySelector("legend").textContent.trim() + " " + (document.documentElement.lang === "en" ? "added." : "toegevoegd."));
  });
  enhanceRows(form);

  function initEditors(done) {
    var areas = form.querySelectorAll("textarea.pow-richtext");
    if (!areas.length || !window.tinymce) { done(); return; }
    var lang = script.dataset.language === "nl" ? "nl" : null;
    window.tinymce.init({
      selector: "#section-form textarea.pow-richtext",
      base_url: script.dataset.tinymceBase,
      suffix: ".min",
      language: lang || undefined,
      language_url: lang ? script.dataset.tinymceLang : undefined,
      menubar: false,
      branding: false,
      promotion: false,
      statusbar: true,
      elementpath: false,
      readonly: !canEdit,
      plugins: "lists link table autoresize",
      toolbar: "blocks | bold italic underline | bullist numlist | link | table | undo redo",
      block_formats: "Alinea=p; Kop 2=h2; Kop 3=h3; Kop 4=h4",
      valid_elements: "p,br,h2,h3,h4,strong/b,em/i,u,ul,ol,li,a[href|title],table,thead,tbody,tr,th[colspan|rowspan|scope],td[colspan|rowspan],caption,blockquote",
      paste_data_images: false,
      autoresize_bottom_margin: 20,
      min_height: 220,
      // The print stylesheet itself: the editor shows the font, size and line width that the A4 measure lays out.
      content_css: script.dataset.printCss,
      content_style: "body { font: inherit; line-height: inherit; max-width: 17cm; margin: 0.75rem auto; padding: 0 0.75rem; }",
      setup: function (editor) {
        var label = document.querySelector("label[for='" + editor.id + "']");
        if (label) editor.options.set("iframe_aria_text", label.textContent.trim());
        editor.on("input change undo redo paste SetContent", function (e) {
          if (e.type === "setcontent" && !e.paste) return;
          editor.save();
          edited();
        });
      },
      init_instance_callback: function () {
        if (window.tinymce.get().length >= areas.length) done();
      }
    });
  }

  // TinyMCE's busy spinner carries an aria-label on a role-less div (WCAG 4.1.2): give it a role.
  new MutationObserver(function () {
    document.querySelectorAll(".tox-throbber__busy-spinner:not([role])").forEach(function (el) {
      el.setAttribute("role", "status");
    });
  }).observe(document.body, { childList: true, subtree: true });

  initEditors(offerRestore);
})();
