// Accessibility fix for markup that sphinx-togglebutton generates at run time (the theme's
// colour-mode button is fixed at build time by fluxlib.sphinxext).
document.addEventListener("DOMContentLoaded", function () {
  // "Show code cell source" toggles are labelled "Toggle hidden content": let the visible
  // text be the name.
  document.querySelectorAll('summary[aria-label="Toggle hidden content"]').forEach(function (el) {
    el.removeAttribute("aria-label");
  });
});

// Equation numbers never cover their equations: once MathJax has typeset the page, an
// equation that does not fit beside its number gets the class flux-eq-stacked (flux.css puts
// the number on its own line below), and a formula wider than its box gets flux-scrolls (a
// shadow at its right edge says there is more to scroll to). The check waits for the web fonts
// (a formula measured in a fallback font is narrower than it will be) and runs again whenever
// a formula or its box changes width (a late font, a resize). When done, the <html> element
// carries data-flux-equations="ready" (the browser tests wait for it).
(function () {
  function layout() {
    document.querySelectorAll("div.math").forEach(function (div) {
      var num = div.querySelector(":scope > span.eqno");
      var math = div.querySelector(":scope > mjx-container > mjx-math");
      if (!num || !math) return;
      div.classList.remove("flux-eq-stacked");
      var room = div.clientWidth - num.getBoundingClientRect().width - 24;
      if (math.getBoundingClientRect().width > room) div.classList.add("flux-eq-stacked");
    });
    document.querySelectorAll('mjx-container[display="true"], span.math').forEach(function (el) {
      el.classList.toggle("flux-scrolls", el.scrollWidth > el.clientWidth + 1);
    });
  }
  var pending = null;
  function later() {
    if (pending === null) {
      pending = requestAnimationFrame(function () {
        pending = null;
        layout();
      });
    }
  }
  function watch() {
    // only a change of width matters: stacking a number changes a block's height, not its width
    if (!window.ResizeObserver) return;
    var widths = new WeakMap();
    var observer = new ResizeObserver(function (entries) {
      var changed = false;
      entries.forEach(function (entry) {
        var w = Math.round(entry.contentRect.width);
        if (widths.get(entry.target) !== w) {
          if (widths.has(entry.target)) changed = true;
          widths.set(entry.target, w);
        }
      });
      if (changed) later();
    });
    document.querySelectorAll("div.math, div.math > mjx-container > mjx-math").forEach(function (el) {
      observer.observe(el);
    });
  }
  function start() {
    var mj = window.MathJax;
    var typeset = mj && mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
    var fonts = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    typeset
      .then(function () {
        return fonts;
      })
      .then(function () {
        layout();
        watch();
        document.documentElement.dataset.fluxEquations = "ready";
      });
  }
  window.addEventListener("load", start);
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(layout, 100);
  });
})();
