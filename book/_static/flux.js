// Accessibility fix for markup that sphinx-togglebutton generates at run time (the theme's
// colour-mode button is fixed at build time by fluxlib.sphinxext).
document.addEventListener("DOMContentLoaded", function () {
  // "Show code cell source" toggles are labelled "Toggle hidden content": let the visible
  // text be the name.
  document.querySelectorAll('summary[aria-label="Toggle hidden content"]').forEach(function (el) {
    el.removeAttribute("aria-label");
  });
});
