/* Quick exit (the GOV.UK "Exit this page" pattern). The button and skip link are real
   links to /exit, which ends the session and sends the browser to a neutral site; this
   script only makes leaving faster: it blanks the page at once and adds Shift x3. */
(function () {
  "use strict";
  // Not about exiting, but every youth page loads this one script: after a form error,
  // move focus to the summary so it is read out first (GOV.UK error summary pattern).
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  var links = document.querySelectorAll("[data-exit]");
  var overlay = document.querySelector("[data-exit-overlay]");
  var status = document.querySelector("[data-exit-status]");
  var dots = document.querySelector(".exit-this-page__dots");
  if (!links.length || !overlay) { return; }
  var target = links[0].getAttribute("href");
  var presses = 0;
  var timer = null;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.classList.add("exiting");
    overlay.hidden = false;
    window.location.replace(target);
  }

  function reset(announceTimeout) {
    presses = 0;
    window.clearTimeout(timer);
    if (dots) { dots.hidden = true; dots.removeAttribute("data-presses"); }
    if (status) {
      status.textContent = announceTimeout ? status.getAttribute("data-timed-out") : "";
    }
  }

  function countShift() {
    presses += 1;
    window.clearTimeout(timer);
    if (presses >= 3) { leave(); return; }
    if (dots) { dots.hidden = false; dots.setAttribute("data-presses", String(presses)); }
    if (status) {
      status.textContent = status.getAttribute(presses === 1 ? "data-press-twice" : "data-press-once");
    }
    timer = window.setTimeout(function () { reset(true); }, 5000);
  }

  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", leave);
  });

  // Count Shift only when pressed on its own: Shift held for a capital letter or Shift+Tab
  // is typing, not a request to leave, and any other key starts the count again.
  var shiftAlone = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      shiftAlone = !event.repeat && !event.ctrlKey && !event.altKey && !event.metaKey;
      return;
    }
    shiftAlone = false;
    if (presses > 0) { reset(false); }
  });
  document.addEventListener("keyup", function (event) {
    if (event.key === "Shift" && shiftAlone) { countShift(); }
    shiftAlone = false;
  });
}());
