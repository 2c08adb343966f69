// Progressive enhancement only: every task works without this file.
(function () {
  "use strict";
  // Two-click video: the external player is loaded only after the visitor asks for it.
  document.querySelectorAll("[data-video-embed]").forEach(function (box) {
    var src = box.getAttribute("data-video-embed");
    var button = box.querySelector(".video__play");
    if (!src || !button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = src;
      frame.title = box.getAttribute("data-video-title") || "Video";
      frame.className = "video__frame";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      box.replaceWith(frame);
      frame.focus();
    });
  });
})();
