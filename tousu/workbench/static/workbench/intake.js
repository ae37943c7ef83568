// Tousu intake form 登记: complainant and demand rows, the anonymous switch, keyboard shortcuts,
// a draft in localStorage that survives a reload, the category finder, and the drop zone with
// previews. Loaded only by the intake pages (strict CSP: no inline scripts, no inline styles).
// Every text shown comes from the page (data-* attributes), so it is translated with the page.
(function () {
  "use strict";

  // After htmx has processed the page (it starts on DOMContentLoaded too, and was loaded first),
  // so that the restored draft can ask for a fresh severity suggestion.
  function onReady(fn) {
    var started = false;
    function once() { if (!started) { started = true; fn(); } }
    if (document.readyState === "complete") once();
    else {
      document.addEventListener("DOMContentLoaded", once);
      window.addEventListener("load", once);
    }
  }

  function byId(id) { return document.getElementById(id); }
  function toArray(list) { return Array.prototype.slice.call(list || []); }

  function refreshSeverity() {
    var box = byId("severity-suggestion");
    if (box && window.htmx) window.htmx.trigger(box, "refresh-severity");
  }

  // --- repeated rows (complainants, demands) ------------------------------------------------
  // opts: list (container), template (<template>), pattern (RegExp matching the index part of
  // names/ids), replacement(i) → text, total (management form input, optional), onChange.
  function Rows(opts) {
    var self = this;
    this.opts = opts;
    opts.list.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-remove-row]") : null;
      if (!button || !opts.list.contains(button)) return;
      self.remove(button.closest("[data-row]"));
    });
    this.renumber();
  }
  Rows.prototype.rows = function () {
    return toArray(this.opts.list.children).filter(function (el) { return el.hasAttribute("data-row"); });
  };
  Rows.prototype.renumber = function () {
    var opts = this.opts;
    var rows = this.rows();
    rows.forEach(function (row, i) {
      var replacement = opts.replacement(i);
      toArray(row.querySelectorAll("[name], [id], label[for], [aria-describedby]")).forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(opts.pattern, replacement));
        });
      });
      var number = row.querySelector(".row-number");
      if (number) number.textContent = String(i + 1);
    });
    if (opts.total) opts.total.value = String(rows.length);
    rows.forEach(function (row) {
      var remove = row.querySelector("[data-remove-row]");
      if (remove) remove.hidden = rows.length < 2;
    });
  };
  Rows.prototype.add = function (focus) {
    var fragment = this.opts.template.content.cloneNode(true);
    var row = fragment.querySelector("[data-row]");
    this.opts.list.appendChild(row);
    this.renumber();
    if (focus) {
      var first = row.querySelector("input, select, textarea");
      if (first) first.focus();
    }
    if (this.opts.onChange) this.opts.onChange();
    return row;
  };
  Rows.prototype.remove = function (row) {
    var rows = this.rows();
    if (!row || rows.length < 2) return;
    var index = rows.indexOf(row);
    row.remove();
    this.renumber();
    var left = this.rows();
    var next = left[Math.min(index, left.length - 1)];
    var field = next ? next.querySelector("input, select, textarea") : null;
    if (field) field.focus();
    if (this.opts.onChange) this.opts.onChange();
  };
  Rows.prototype.setCount = function (count) {
    count = Math.max(1, Math.min(count || 1, 50));
    while (this.rows().length < count) this.add(false);
    while (this.rows().length > count) {
      var rows = this.rows();
      rows[rows.length - 1].remove();
      this.renumber();
    }
  };

  // --- the anonymous switch -----------------------------------------------------------------
  function setupAnonymous() {
    var box = byId("id_anonymous");
    var section = byId("complainant-section");
    if (!box || !section) return function () {};
    function sync() { section.hidden = box.checked; }
    box.addEventListener("change", sync);
    sync();
    return sync;
  }

  // --- the category finder ------------------------------------------------------------------
  function setupCategory() {
    var filter = byId("category-filter");
    var list = byId("category-list");
    var select = byId("id_category");
    if (!filter || !list || !select) return function () {};
    var options = toArray(list.querySelectorAll("[role=option]"));
    var none = document.querySelector(".category-none");
    var active = null;

    function visible() { return options.filter(function (o) { return !o.hidden; }); }
    function mark(option) {
      active = option;
      options.forEach(function (o) { o.classList.toggle("active", o === option); });
      if (option) {
        filter.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        filter.removeAttribute("aria-activedescendant");
      }
    }
    function showChosen() {
      options.forEach(function (o) {
        o.setAttribute("aria-selected", o.getAttribute("data-code") === select.value ? "true" : "false");
      });
    }
    function choose(option) {
      if (!option) return;
      select.value = option.getAttribute("data-code");
      select.dispatchEvent(new Event("change", { bubbles: true }));
      showChosen();
      mark(option);
    }
    function applyFilter() {
      var terms = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      options.forEach(function (o) {
        var text = o.getAttribute("data-search") || "";
        o.hidden = !terms.every(function (t) { return text.indexOf(t) !== -1; });
      });
      var shown = visible();
      if (none) none.hidden = shown.length > 0;
      mark(terms.length ? shown[0] || null : null);
    }
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      var shown = visible();
      var at = shown.indexOf(active);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        mark(shown[Math.min(at + 1, shown.length - 1)] || null);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        mark(shown[Math.max(at - 1, 0)] || null);
      } else if (event.key === "Enter") {
        event.preventDefault();
        choose(active || (shown.length === 1 ? shown[0] : null));
      } else if (event.key === "Escape" && filter.value) {
        event.preventDefault();
        filter.value = "";
        applyFilter();
      }
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest ? event.target.closest("[role=option]") : null;
      if (option) { choose(option); filter.focus(); }
    });
    select.addEventListener("change", showChosen);
    showChosen();
    return showChosen;
  }

  // --- drop zone and previews ---------------------------------------------------------------
  function formatSize(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function setupDropzone() {
    var zone = byId("dropzone");
    var input = byId("id_attachments");
    var previews = byId("attachment-previews");
    if (!zone || !input || !previews) return;
    var maxBytes = parseInt(zone.getAttribute("data-max-bytes"), 10) || 0;
    var files = [];
    var canSet = typeof DataTransfer === "function";

    function sync() {
      if (canSet) {
        var transfer = new DataTransfer();
        files.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files;
      }
      render();
    }
    function iconFor(file) {
      var type = file.type || "";
      var ext = (file.name.split(".").pop() || "").slice(0, 4).toUpperCase();
      var icon = document.createElement("span");
      icon.className = "file-icon" + (type === "application/pdf" || ext === "PDF" ? " pdf" : "");
      icon.textContent = type === "application/pdf" ? "PDF" : ext || "?";
      icon.setAttribute("aria-hidden", "true");
      return icon;
    }
    function render() {
      previews.textContent = "";
      files.forEach(function (file, index) {
        var item = document.createElement("li");
        item.className = "preview";
        var type = file.type || "";
        if (type.indexOf("image/") === 0 && type !== "image/heic") {
          var img = document.createElement("img");
          img.alt = file.name;
          // A file that only claims to be an image gets the plain icon (the server refuses it).
          img.addEventListener("error", function () { img.replaceWith(iconFor(file)); });
          // The CSP allows data: images (not blob:), so the thumbnail is read as a data URL.
          var reader = new FileReader();
          reader.onload = function () { img.src = String(reader.result); };
          reader.readAsDataURL(file);
          item.appendChild(img);
        } else {
          item.appendChild(iconFor(file));
        }
        var label = document.createElement("span");
        label.className = "file-name";
        label.textContent = file.name + " · " + formatSize(file.size);
        item.appendChild(label);
        if (maxBytes && file.size > maxBytes) {
          item.classList.add("too-big");
          var warn = document.createElement("span");
          warn.className = "error";
          warn.textContent = zone.getAttribute("data-msg-too-big") || "";
          item.appendChild(warn);
        }
        if (canSet) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "remove-row";
          remove.textContent = "×";
          remove.setAttribute("aria-label", (zone.getAttribute("data-msg-remove") || "") + " " + file.name);
          remove.addEventListener("click", function () {
            files.splice(index, 1);
            sync();
            input.focus();
          });
          item.appendChild(remove);
        }
        previews.appendChild(item);
      });
    }
    input.addEventListener("change", function () {
      var chosen = toArray(input.files);
      files = canSet ? files.concat(chosen) : chosen;
      sync();
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!canSet || !event.dataTransfer) return;
      files = files.concat(toArray(event.dataTransfer.files));
      sync();
    });
  }

  // --- the draft ----------------------------------------------------------------------------
  var MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;

  function draftable(el) {
    return el.name && el.type !== "file" && el.type !== "submit" && el.type !== "button" &&
      el.name !== "csrfmiddlewaretoken" && !MANAGEMENT.test(el.name);
  }

  var DRAFT_HOURS = 12;

  function setupDraft(form, complainants, demands, afterRestore) {
    var key = form.getAttribute("data-draft-key");
    var storage = null;
    try { storage = window.localStorage; } catch (e) { storage = null; }
    if (!key || !storage) return { schedule: function () {} };
    var timer = null;

    function collect() {
      var values = [];
      toArray(form.elements).forEach(function (el) {
        if (!draftable(el)) return;
        values.push([el.name, el.type === "checkbox" || el.type === "radio" ? el.checked : el.value]);
      });
      return {
        version: 1,
        savedAt: Date.now(),
        complainants: complainants ? complainants.rows().length : 1,
        demands: demands ? demands.rows().length : 1,
        values: values
      };
    }
    function save() {
      timer = null;
      try { storage.setItem(key, JSON.stringify(collect())); } catch (e) { /* full or disabled */ }
    }
    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 400);
    }
    function restore(draft) {
      if (complainants) complainants.setCount(draft.complainants);
      if (demands) demands.setCount(draft.demands);
      var queue = {};
      (draft.values || []).forEach(function (pair) {
        (queue[pair[0]] = queue[pair[0]] || []).push(pair[1]);
      });
      toArray(form.elements).forEach(function (el) {
        if (!draftable(el) || !queue[el.name] || !queue[el.name].length) return;
        var value = queue[el.name].shift();
        if (el.type === "checkbox" || el.type === "radio") el.checked = value === true;
        else el.value = value;
      });
      afterRestore();
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);

    var notice = byId("draft-notice");
    var discard = byId("discard-draft");
    if (form.getAttribute("data-bound") === "1") return { schedule: schedule };
    var raw = null;
    try { raw = storage.getItem(key); } catch (e) { raw = null; }
    if (!raw) return { schedule: schedule };
    var draft = null;
    try { draft = JSON.parse(raw); } catch (e) { draft = null; }
    if (!draft || draft.version !== 1) return { schedule: schedule };
    // A caller's personal data does not linger: a draft older than DRAFT_HOURS is dropped.
    if (!(Date.now() - draft.savedAt < DRAFT_HOURS * 3600 * 1000)) {
      try { storage.removeItem(key); } catch (e) { /* ignore */ }
      return { schedule: schedule };
    }
    restore(draft);
    if (notice) {
      var when = new Date(draft.savedAt).toLocaleString(document.documentElement.lang || undefined,
        { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
      notice.querySelector(".draft-text").textContent =
        (notice.getAttribute("data-template") || "").replace("{time}", when);
      notice.hidden = false;
    }
    if (discard) {
      discard.addEventListener("click", function () {
        try { storage.removeItem(key); } catch (e) { /* ignore */ }
        window.location.assign(window.location.pathname);
      });
    }
    return { schedule: schedule };
  }

  // --- keyboard -----------------------------------------------------------------------------
  // Ctrl+Enter saves; Alt+A adds a complainant, Alt+R a demand, Alt+M toggles anonymous, Alt+C
  // finds a category. Alt+S/N/W/O are the navigation's access keys, Alt+D/E/F the browsers'.
  function setupKeys(form, complainants, demands) {
    var anonymous = byId("id_anonymous");
    document.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key === "Enter") {
        event.preventDefault();
        var save = byId("save-case");
        if (form.requestSubmit) form.requestSubmit(save || undefined);
        else if (save) save.click();
        return;
      }
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      switch (event.code) {
        case "KeyA":
          if (anonymous && anonymous.checked) anonymous.click();
          if (complainants) complainants.add(true);
          break;
        case "KeyR":
          if (demands) demands.add(true);
          break;
        case "KeyM":
          if (anonymous) { anonymous.click(); anonymous.focus(); }
          break;
        case "KeyC":
          var finder = byId("category-filter") || byId("id_category");
          if (finder) { finder.focus(); if (finder.select) finder.select(); }
          break;
        default:
          return;
      }
      event.preventDefault();
    });

    // Enter in a one-line field never sends a half-typed case (an IME's Enter is left alone);
    // in the last demand it opens the next one.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      var t = event.target;
      if (!(t instanceof HTMLInputElement)) return;
      if (["checkbox", "radio", "submit", "button", "file", "reset"].indexOf(t.type) !== -1) return;
      event.preventDefault();
      if (t.name === "demands" && demands) {
        var rows = demands.rows();
        var row = t.closest("[data-row]");
        var at = rows.indexOf(row);
        if (at === rows.length - 1) {
          if (t.value.trim()) demands.add(true);
        } else {
          var next = rows[at + 1].querySelector("input");
          if (next) next.focus();
        }
      }
    });
  }

  function focusFirstError(form) {
    var bad = form.querySelector(".has-error input:not([type=hidden]), .has-error select, .has-error textarea");
    if (bad) bad.focus();
  }

  onReady(function () {
    var saved = document.querySelector("[data-intake-saved]");
    if (saved) {
      try { window.localStorage.removeItem(saved.getAttribute("data-draft-key")); } catch (e) { /* ignore */ }
      return;
    }
    var form = byId("intake-form");
    if (!form) return;
    var draft = { schedule: function () {} };
    function changed() { draft.schedule(); refreshSeverity(); }

    var complainants = null;
    var rowList = byId("complainant-rows");
    var rowTemplate = byId("complainant-template");
    if (rowList && rowTemplate) {
      complainants = new Rows({
        list: rowList,
        template: rowTemplate,
        pattern: /complainants-(\d+|__prefix__)-/g,
        replacement: function (i) { return "complainants-" + i + "-"; },
        total: byId("id_complainants-TOTAL_FORMS"),
        onChange: changed
      });
    }
    var demands = null;
    var demandList = byId("demand-list");
    var demandTemplate = byId("demand-template");
    if (demandList && demandTemplate) {
      demands = new Rows({
        list: demandList,
        template: demandTemplate,
        pattern: /demand-(\d+|__num__)/g,
        replacement: function (i) { return "demand-" + (i + 1); },
        onChange: function () { draft.schedule(); }
      });
    }
    var addComplainant = byId("add-complainant");
    if (addComplainant && complainants) {
      addComplainant.addEventListener("click", function () { complainants.add(true); });
    }
    var addDemand = byId("add-demand");
    if (addDemand && demands) {
      addDemand.addEventListener("click", function () { demands.add(true); });
    }

    var syncAnonymous = setupAnonymous();
    var showCategory = setupCategory();
    setupDropzone();
    draft = setupDraft(form, complainants, demands, function () {
      syncAnonymous();
      showCategory();
      refreshSeverity();
    });
    setupKeys(form, complainants, demands);
    focusFirstError(form);
  });
})();
