// Starts Wagtail's admin widgets without inline scripts, so that the admin runs under a Content-Security-Policy
// with script-src 'self'. Wagtail 8 writes `<script>initDateChooser("id", {...})</script>` and the like after
// date, time and chooser fields and inline panels; our templates (templates/wagtailadmin/) and
// cms.security_admin write an empty marker element instead:
//   <span hidden data-csp-init="initDateChooser" data-csp-id="id_date" data-csp-config="{...}"></span>
//   <span hidden data-csp-init="InlinePanel" data-csp-new data-csp-config="{...}"></span>
// This file calls the named global function (or constructor) with the id (if any) and the parsed
// configuration, in document order, once
// the page is parsed, and again for markers that arrive later (a new inline form, a chooser modal).
(function () {
  "use strict";
  var ALLOWED = {
    initDateChooser: true,
    initTimeChooser: true,
    initDateTimeChooser: true,
    InlinePanel: true,
    MultipleChooserPanel: true,
    ImageChooser: true,
    DocumentChooser: true,
    PageChooser: true,
    SnippetChooser: true,
    Chooser: true,
    createTaskChooser: true,
  };

  function start(marker) {
    var name = marker.getAttribute("data-csp-init");
    marker.removeAttribute("data-csp-init");
    var target = window[name];
    if (!ALLOWED[name] || typeof target !== "function") {
      if (window.console) window.console.error("admin-csp: unbekannte Initialisierung", name);
      return;
    }
    var args = [JSON.parse(marker.getAttribute("data-csp-config") || "{}")];
    if (marker.hasAttribute("data-csp-id")) args.unshift(marker.getAttribute("data-csp-id"));
    if (marker.hasAttribute("data-csp-new")) {
      new (Function.prototype.bind.apply(target, [null].concat(args)))();
    } else {
      target.apply(window, args);
    }
  }

  function startAll(root) {
    if (root.nodeType !== 1 && root.nodeType !== 9) return;
    if (root.nodeType === 1 && root.hasAttribute("data-csp-init")) start(root);
    var markers = root.querySelectorAll("[data-csp-init]");
    for (var i = 0; i < markers.length; i++) start(markers[i]);
  }

  function boot() {
    startAll(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(startAll);
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
