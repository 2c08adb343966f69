/* Accessible names for two widgets of the Wagtail editor that axe-core finds nameless (WCAG 4.1.2):
   Draftail's rich-text box (role="textbox") and the tag field's type-ahead input. Each gets the label of
   its field, or inside a StreamField the block's name. Runs again whenever the editor adds blocks. */
(function () {
  "use strict";

  function fieldLabel(element) {
    var wrapper = element.closest(".w-field__wrapper") || element.closest(".w-field");
    if (!wrapper) return null;
    var input = wrapper.querySelector("input[id], textarea[id]");
    var label = input ? document.querySelector('label[for="' + input.id + '"]') : null;
    label = label || wrapper.querySelector("label.w-field__label, .w-field__label");
    if (!label || !label.textContent.trim()) return null;
    if (!label.id) label.id = (input ? input.id : "feld-" + Math.random().toString(36).slice(2)) + "-beschriftung";
    return label;
  }

  function blockName(element) {
    var block = element.closest("[data-contentpath]");
    while (block) {
      var type = block.querySelector(".c-sf-block__type, .w-panel__heading");
      if (type && type.textContent.trim()) return type.textContent.trim();
      block = block.parentElement ? block.parentElement.closest("[data-contentpath]") : null;
    }
    return "Text";
  }

  function name(root) {
    var nameless = '[contenteditable="true"][role="textbox"]:not([aria-label]):not([aria-labelledby]),' +
      "input.ui-autocomplete-input:not([aria-label]):not([aria-labelledby])";
    root.querySelectorAll(nameless).forEach(function (element) {
      var label = fieldLabel(element);
      if (label) {
        element.setAttribute("aria-labelledby", label.id);
      } else {
        element.setAttribute("aria-label", blockName(element));
      }
    });
  }

  function start() {
    name(document);
    new MutationObserver(function () { name(document); }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
