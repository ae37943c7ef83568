// The case page and its print view. No inline handlers (strict CSP): everything is wired here.
(function () {
  "use strict";

  // The Print button of the registration form (and any [data-print] element).
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (el) {
      event.preventDefault();
      window.print();
    }
  });

  // Opening an action moves the focus to its first field (keyboard users type at once).
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.open) return;
    if (!details.classList.contains("action")) return;
    var first = details.querySelector("form input:not([type=hidden]), form select, form textarea");
    if (first && !first.disabled) first.focus();
  }, true);

  function focusAfterSwap() {
    var page = document.getElementById("case-page");
    if (!page) return;
    var target = page.querySelector(".field-error") ?
      page.querySelector(".has-error input, .has-error select, .has-error textarea") :
      page.querySelector("[data-autofocus]");
    if (target) target.focus();
  }

  // After htmx replaced the page: focus the first field in error, else the notice.
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.id === "case-page") focusAfterSwap();
  });

  // htmx does not swap error responses (403, 404, 500): say so in the page instead of silence.
  document.addEventListener("htmx:responseError", function (event) {
    var page = document.getElementById("case-page");
    if (!page) return;
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    var text = status === 403 ? page.dataset.error403 : page.dataset.errorOther;
    var box = page.querySelector(".notice.js-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "notice notice-error js-error";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      page.insertBefore(box, page.firstChild);
    }
    box.textContent = text || "";
    box.focus();
  });
})();
