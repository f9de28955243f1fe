/* Fill the invite code from the QR code's link and take it off the address bar.
   The link carries the code after "#", which a browser never sends to the server, so it
   reaches no server log; with JavaScript off the young person types the code instead. */
(function () {
  "use strict";
  var found = /(?:^#|&)code=([A-Za-z0-9-]{1,40})/.exec(window.location.hash);
  var field = document.getElementById("code");
  if (!found || !field) { return; }
  field.value = found[1];
  window.history.replaceState(null, "", window.location.pathname);
}());
