/* German slugs in the editor: Wagtail's auto-fill writes "Greußen" as "greussen" but "Bürgerhaus" as
   "burgerhaus". After Wagtail has filled in a slug (event "w-slug:applied"), this script computes it again
   from the same source text with the German letters written out (ä → ae, ö → oe, ü → ue, ß → ss), as the
   server does (cms/content/slugs.py). */
(function () {
  "use strict";

  var GERMAN = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS" };

  function germanSlug(text) {
    return String(text)
      .replace(/[äöüÄÖÜßẞ]/g, function (letter) { return GERMAN[letter]; })
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9_\s-]/g, "")
      .trim()
      .replace(/[-\s]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "");
  }

  document.addEventListener("w-slug:applied", function (event) {
    var source = event.detail && event.detail.sourceValue;
    if (!source || !/[äöüÄÖÜßẞ]/.test(source)) return;
    var slug = germanSlug(source);
    if (slug) event.target.value = slug;
  });
})();
