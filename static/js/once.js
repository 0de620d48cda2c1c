/* Buttons marked data-once are disabled after the first click, so a double click sends one request. */
document.querySelectorAll("[data-once]").forEach(function (button) {
  if (!button.form) return;
  button.form.addEventListener("submit", function () {
    setTimeout(function () { button.disabled = true; button.setAttribute("aria-disabled", "true"); }, 0);
  });
});
