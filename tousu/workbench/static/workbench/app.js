// Tousu workbench: behaviour shared by every page. No inline scripts anywhere (strict CSP):
// pages add their own files through {% block head %}.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // <select class="autosubmit"> submits its form on change (the language switch).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.classList.contains("autosubmit") && el.form) {
      el.form.submit();
    }
  });

  // Keyboard: "g" then a letter jumps (g w workbench, g n new case, g s search); "/" focuses the
  // first search box. Ignored while typing in a field.
  var pending = null;
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement ||
        t instanceof HTMLSelectElement || (t && t.isContentEditable)) return;
    if (event.key === "/") {
      var box = document.querySelector("input[type=search]");
      if (box) { event.preventDefault(); box.focus(); }
      return;
    }
    if (pending === "g") {
      pending = null;
      var link = document.querySelector('[data-shortcut="g ' + event.key + '"]');
      if (link) { event.preventDefault(); link.click(); }
      return;
    }
    if (event.key === "g") pending = "g";
  });

  // Logging out forgets every unsaved intake draft kept in this browser (a caller's name, phone
  // and ID number must not outlive the clerk's session on a shared computer).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !/\/logout\/$/.test(form.getAttribute("action") || "")) return;
    try {
      var store = window.localStorage;
      for (var i = store.length - 1; i >= 0; i--) {
        var name = store.key(i);
        if (name && name.indexOf("tousu:intake-draft:") === 0) store.removeItem(name);
      }
    } catch (e) { /* storage disabled: nothing kept */ }
  });

  // After an htmx swap, move focus to the element that asks for it (keyboard users stay oriented).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var focus = target && target.querySelector ? target.querySelector("[data-autofocus]") : null;
    if (focus) focus.focus();
  });

  onReady(function () {
    document.documentElement.classList.add("js");
  });
})();
