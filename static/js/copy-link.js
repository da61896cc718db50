// Copy buttons for the permalink and the citations. The page works without them: the
// texts can be selected and copied by hand, so the buttons stay hidden unless the
// clipboard is there to use (it needs a secure context).
(function () {
  "use strict";

  if (!navigator.clipboard) {
    return;
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source) {
      return;
    }
    // Announced to screen readers when its text changes; it must exist beforehand.
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.after(status);
    button.hidden = false;

    button.addEventListener("click", function () {
      var text = source.value !== undefined ? source.value : source.textContent;
      navigator.clipboard.writeText(text.trim()).then(
        function () {
          status.textContent = "Copied.";
        },
        function () {
          status.textContent = "Could not copy: select the text and copy it.";
        }
      );
    });
  });
})();
