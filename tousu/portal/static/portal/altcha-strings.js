// The challenge widget's texts in the page's language: the page carries them, translated with it,
// in the widget's data-strings; the widget reads its texts from its own store (no extra file).
const widget = document.querySelector("altcha-widget[data-strings]");
const store = globalThis.$altcha && globalThis.$altcha.i18n;
if (widget && store) {
  try {
    const strings = JSON.parse(widget.getAttribute("data-strings"));
    store.set(widget.getAttribute("language") || document.documentElement.lang, strings);
  } catch (error) {
    // Malformed texts: the widget keeps its own English ones.
  }
}
