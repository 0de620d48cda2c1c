/* Links marked data-discard-local="<key>" forget the editor's local copy of that key when followed. */
document.querySelectorAll("[data-discard-local]").forEach(function (a) {
  a.addEventListener("click", function () { localStorage.removeItem(a.dataset.discardLocal); });
});
