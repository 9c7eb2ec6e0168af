// Small improvements on top of plain forms; every page works without this file.
(function () {
  "use strict";

  // Move focus to the new scene's heading so screen readers start there.
  var target = document.querySelector("[data-focus-on-load]");
  if (target) {
    target.focus();
  }

  // Stop a second click from sending the same step twice.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "yes";
    });
  });
})();
