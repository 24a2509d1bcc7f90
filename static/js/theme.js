// The theme: the system's (prefers-color-scheme) until the reader picks one with the toggle;
// the pick is remembered in this browser. Loaded in <head> without defer, so the page is
// painted in the right colours from the first frame.
(function () {
  "use strict";
  var KEY = "bidbook-theme";
  var root = document.documentElement;
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function current() {
    var picked = root.getAttribute("data-theme");
    if (picked === "dark" || picked === "light") { return picked; }
    return dark && dark.matches ? "dark" : "light";
  }
  function apply(theme) {
    if (theme === "dark" || theme === "light") { root.setAttribute("data-theme", theme); }
    else { root.removeAttribute("data-theme"); }
  }
  function announce() {
    document.dispatchEvent(new CustomEvent("bidbook:theme", { detail: { theme: current() } }));
  }
  function label(button) {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.hidden = false;
      label(button);
      button.addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        apply(next);
        try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: this page only */ }
        label(button);
        announce();
      });
    });
  });
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", function () {
      if (!stored()) {
        document.querySelectorAll("[data-theme-toggle]").forEach(label);
        announce();
      }
    });
  }
})();
