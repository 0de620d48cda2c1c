/* The main menu. Without script it is a bar whose items wrap onto more lines. On a narrow screen a "Menu" button
   shows and hides it (aria-expanded tells screen readers which); Escape closes it and returns to the button. */
(function () {
  var nav = document.querySelector("[data-nav]");
  if (!nav) return;
  var button = nav.querySelector("[data-nav-toggle]");
  var list = nav.querySelector("[data-nav-list]");
  var narrow = window.matchMedia("(max-width: 47.99rem)");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.hidden = narrow.matches && !open;
  }
  function layout() {
    button.hidden = !narrow.matches;
    setOpen(false);
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
  if (narrow.addEventListener) narrow.addEventListener("change", layout);
  layout();
})();
