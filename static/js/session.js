/* Warn before a signed-in session times out, and let the person stay (WCAG 2.2.1).
   Without JavaScript the page says how long the time-out is; any page load extends it. */
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-session-seconds"), 10);
  var warning = document.getElementById("timeout-warning");
  var stay = document.getElementById("timeout-stay");
  if (!seconds || !warning || !stay) { return; }
  var warnAt = Math.min(120, Math.floor(seconds / 2));
  var deadline = Date.now() + seconds * 1000;
  var token = document.querySelector("meta[name=csrf-token]").getAttribute("content");

  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      window.location.assign(body.getAttribute("data-timeout-url"));
      return;
    }
    if (left <= warnAt && warning.hidden) {
      warning.hidden = false;
      stay.focus();
    }
    window.setTimeout(tick, 1000);
  }

  stay.addEventListener("click", function () {
    fetch(body.getAttribute("data-extend-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token }
    }).then(function (response) {
      if (!response.ok) { throw new Error("not extended"); }
      return response.json();
    }).then(function (answer) {
      deadline = Date.now() + answer.seconds_left * 1000;
      warning.hidden = true;
    }).catch(function () {
      window.location.assign(body.getAttribute("data-timeout-url"));
    });
  });

  window.setTimeout(tick, 1000);
}());
