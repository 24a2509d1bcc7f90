// Sign-up proposes the browser's own time zone: a <select data-time-zone="browser"> is set to
// Intl's zone (an IANA name such as "Pacific/Auckland"). A file, not inline, for the site's
// content-security policy. The user can still pick another; without JavaScript it stays UTC.
(function () {
  "use strict";
  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var zone = browserZone();
    if (!zone) { return; }
    document.querySelectorAll("select[data-time-zone='browser']").forEach(function (select) {
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === zone;
      });
      if (!known) {
        // A name the list leaves out (an alias such as "Asia/Calcutta"): the server accepts
        // every IANA name, so offer it as it is.
        var option = document.createElement("option");
        option.value = zone;
        option.textContent = zone;
        select.insertBefore(option, select.firstChild);
      }
      select.value = zone;
    });
  });
})();
