// The bookmarklet link on the Settings page is for dragging to the bookmarks bar; pressed here it
// would only meet Bidbook's own CSP. Say what to do instead.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.bookmarklet") : null;
    if (!link) return;
    event.preventDefault();
    var note = document.getElementById("bookmarklet-note");
    if (note) note.hidden = false;
  });
})();
