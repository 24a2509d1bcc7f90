// The bookmarklet's window (vetting/bookmarklet.py): receive the Upwork page's text from the tab
// that opened this window, with the origin checked both ways, and let the user press Vet.
// Nothing is sent anywhere until the user does.
(function () {
  "use strict";
  var card = document.getElementById("capture");
  if (!card) return;
  var allowed = (card.getAttribute("data-allowed-origins") || "").split(/\s+/).filter(Boolean);
  var status = document.getElementById("capture-status");
  var text = document.getElementById("id_text");
  var jobUrl = document.getElementById("id_job_url");
  var opener = window.opener;

  function say(message, problem) {
    status.textContent = message;
    status.classList.toggle("capture-problem", Boolean(problem));
  }

  if (!opener) {
    say("This window has no link to an Upwork tab (it was opened directly, or you had to log in first). Press the bookmark again on the Upwork job page, or paste the page below.", true);
    return;
  }

  window.addEventListener("message", function (event) {
    if (event.source !== opener) return;
    if (allowed.indexOf(event.origin) === -1) {
      say("Refused a page sent from " + event.origin + ": Bidbook takes pages from " + allowed.join(", ") + " only.", true);
      return;
    }
    var data = event.data;
    if (!data || data.type !== "bidbook:page" || typeof data.text !== "string") return;
    text.value = data.text.replace(/\u0000/g, "");
    text.dispatchEvent(new Event("input", { bubbles: true }));
    if (jobUrl && typeof data.url === "string" && /~0[12]\d{15,}/.test(data.url)) {
      jobUrl.value = data.url.split(/[?#]/)[0];
    }
    var chars = text.value.length.toLocaleString("en-US");
    say("Received " + (data.title ? "“" + data.title + "”" : "the page") + " from Upwork (" + chars + " characters). Check it if you like, then press Vet this job.");
    event.source.postMessage({ type: "bidbook:received" }, event.origin);
    var vet = card.querySelector("button[type=submit]");
    if (vet) vet.focus();
  });

  // Tell the opener this window is ready, addressed to the allowed origins only: a tab of any
  // other site never hears from Bidbook.
  allowed.forEach(function (origin) {
    opener.postMessage({ type: "bidbook:ready" }, origin);
  });
})();
