// Tousu citizen portal: small enhancements of pages that work without JavaScript — previews of
// chosen files, "use my location", the category finder without a page load, the anonymous
// switch, printing the receipt. No inline scripts (strict CSP); texts come from data-* attributes
// of the page, translated with it.
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }
  function toArray(list) { return Array.prototype.slice.call(list || []); }

  function formatSize(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function setupPreviews() {
    var box = byId("field-attachments");
    var list = byId("previews");
    var input = box ? box.querySelector("input[type=file]") : null;
    if (!box || !list || !input) return;
    var maxBytes = parseInt(box.getAttribute("data-max-bytes"), 10) || 0;
    var maxFiles = parseInt(box.getAttribute("data-max-files"), 10) || 0;
    input.addEventListener("change", function () {
      list.textContent = "";
      var files = toArray(input.files);
      if (maxFiles && files.length > maxFiles) {
        var many = document.createElement("li");
        many.className = "too-big";
        many.textContent = box.getAttribute("data-msg-too-many") || "";
        list.appendChild(many);
      }
      files.forEach(function (file) {
        var item = document.createElement("li");
        var type = file.type || "";
        if (type.indexOf("image/") === 0 && type !== "image/heic") {
          var img = document.createElement("img");
          img.alt = "";
          // The CSP allows data: images (not blob:): the thumbnail is read as a data URL.
          var reader = new FileReader();
          reader.onload = function () { img.src = String(reader.result); };
          reader.readAsDataURL(file);
          item.appendChild(img);
        } else {
          var icon = document.createElement("span");
          icon.className = "file-icon";
          icon.setAttribute("aria-hidden", "true");
          icon.textContent = (file.name.split(".").pop() || "?").slice(0, 4).toUpperCase();
          item.appendChild(icon);
        }
        var label = document.createElement("span");
        label.textContent = file.name + " · " + formatSize(file.size);
        item.appendChild(label);
        if (maxBytes && file.size > maxBytes) {
          item.classList.add("too-big");
          var warn = document.createElement("strong");
          warn.textContent = " " + (box.getAttribute("data-msg-too-big") || "");
          item.appendChild(warn);
        }
        list.appendChild(item);
      });
    });
  }

  function setupLocation() {
    var button = byId("use-location");
    var lat = byId("id_latitude");
    var lon = byId("id_longitude");
    if (!button || !lat || !lon || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (where) {
        lat.value = where.coords.latitude.toFixed(6);
        lon.value = where.coords.longitude.toFixed(6);
      }, function () {
        window.alert(button.getAttribute("data-msg-failed") || "");
      }, { timeout: 15000 });
    });
  }

  function setupFinder() {
    var query = byId("category-query");
    if (!query || !window.htmx) return;
    // With htmx the results come as one types; Enter must not reload the page and lose the form.
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        window.htmx.trigger(query, "search");
      }
    });
    var find = byId("find-category");
    if (find) find.hidden = true;
  }

  function setupAnonymous() {
    var box = byId("id_anonymous");
    var name = byId("field-name");
    if (!box || !name) return;
    function sync() { name.hidden = box.checked; }
    box.addEventListener("change", sync);
    sync();
  }

  function setupPrint() {
    toArray(document.querySelectorAll("[data-print]")).forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function start() {
    setupPreviews();
    setupLocation();
    setupFinder();
    setupAnonymous();
    setupPrint();
    var first = document.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (first) first.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
