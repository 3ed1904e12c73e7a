// Small accessibility fixes for markup that the theme and its extensions generate.
document.addEventListener("DOMContentLoaded", function () {
  // The colour-mode button's icons carry `title`s ("Light", "Dark") that count as visible
  // text and then do not match the button's accessible name ("Color mode").
  document.querySelectorAll(".theme-switch-button .theme-switch[title]").forEach(function (el) {
    el.removeAttribute("title");
    el.setAttribute("aria-hidden", "true");
  });
  // "Show code cell source" toggles are labelled "Toggle hidden content": let the visible
  // text be the name.
  document.querySelectorAll('summary[aria-label="Toggle hidden content"]').forEach(function (el) {
    el.removeAttribute("aria-label");
  });
});
