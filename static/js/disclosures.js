// Boxes that are a column of their own on a wide screen (a cable's contents) stay open
// there; on a narrow one they stay behind their disclosure until opened. Without this
// script they are disclosures everywhere, which still work.
(function () {
  "use strict";

  if (!window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 60em)");
  var boxes = document.querySelectorAll("details[data-wide-open]");
  function follow() {
    boxes.forEach(function (box) {
      box.open = wide.matches;
    });
  }
  follow();
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  }
})();
