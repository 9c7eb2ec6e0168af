// Small improvements on top of plain forms; every page works without this file.
(function () {
  "use strict";

  // After a choice, start screen readers and keyboards at the new scene's
  // heading; after a knowledge check, at its result (the address's #part).
  function findFocusTarget() {
    var hash = window.location.hash.slice(1);
    var named = hash ? document.getElementById(decodeURIComponent(hash)) : null;
    if (named && named.hasAttribute("tabindex")) {
      return named;
    }
    return document.querySelector("[data-focus-on-load]");
  }

  var target = findFocusTarget();
  if (target) {
    target.focus();
  }

  // A live region filled before the page loads is often not read out, so put
  // the messages back a moment later; skip it when the focused heading
  // already reads them as its description.
  var region = document.getElementById("flash-messages");
  var described = target ? target.getAttribute("aria-describedby") || "" : "";
  if (region && region.children.length && described.indexOf("flash-messages") < 0) {
    var messages = Array.prototype.slice.call(region.children);
    region.textContent = "";
    window.setTimeout(function () {
      messages.forEach(function (message) {
        region.appendChild(message);
      });
    }, 300);
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

  // A page brought back by the back button may be sent again (the server
  // refuses stale steps with a message), so forget that it was sent.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-once]").forEach(function (form) {
        delete form.dataset.sent;
      });
    }
  });

  // Keep a copy of a written answer in this browser as it is typed, so that
  // an expired session or a lost connection never loses the text. If the page
  // comes back without it, offer the copy; a successful save clears it.
  document.querySelectorAll("textarea[data-keep]").forEach(function (box) {
    // The page's address, plus the box's own key when one page asks afresh
    // at each step (a scenario's key decisions).
    var key = "course-draft:" + window.location.pathname + ":" + box.dataset.keep;
    var kept = null;
    try {
      kept = window.localStorage.getItem(key);
    } catch (error) {
      return; // storage switched off: nothing to keep
    }

    if (kept && kept !== box.value) {
      var note = document.createElement("p");
      note.className = "message message-info";
      note.textContent = "This browser kept an unsaved copy of your answer. ";
      var use = document.createElement("button");
      use.type = "button";
      use.className = "link-button-dark";
      use.textContent = "Put the unsaved copy back in the box";
      use.addEventListener("click", function () {
        box.value = kept;
        note.remove();
        box.focus();
      });
      note.appendChild(use);
      box.parentNode.insertBefore(note, box);
    } else if (kept === box.value) {
      window.localStorage.removeItem(key);
    }

    box.addEventListener("input", function () {
      window.localStorage.setItem(key, box.value);
    });
  });

  // Show a running word count under a written answer.
  document.querySelectorAll("textarea[data-keep]").forEach(function (box) {
    var count = document.createElement("p");
    count.className = "hint";
    function update() {
      var words = box.value.trim().split(/\s+/).filter(Boolean).length;
      count.textContent = words + (words === 1 ? " word" : " words");
    }
    box.parentNode.insertBefore(count, box.nextSibling);
    box.addEventListener("input", update);
    update();
  });
})();
