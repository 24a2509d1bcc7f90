// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // After an htmx request changes connects, the server sends HX-Trigger {"balanceChanged": N}:
  // update the header and footer balance without a reload.
  document.addEventListener("balanceChanged", function (event) {
    var value = event.detail && event.detail.value;
    if (value === undefined) { return; }
    document.querySelectorAll("[data-testid='header-balance'], #footer-balance").forEach(function (el) {
      el.textContent = value;
    });
    var chip = document.getElementById("balance-chip");
    if (chip) {
      chip.classList.remove("flash");
      void chip.offsetWidth; // restart the animation
      chip.classList.add("flash");
    }
  });

  // Purchase form: choosing a bundle fills the connects and the price.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-bundle-prices]")) { return; }
    var prices = JSON.parse(select.getAttribute("data-bundle-prices"));
    var size = select.value;
    if (!size || !(size in prices)) { return; }
    var form = select.form;
    form.querySelector("[name='connects']").value = size;
    form.querySelector("[name='usd_paid']").value = prices[size];
  });

  // A paste box with data-max-bytes: a paste over the limit is refused here, before it is sent,
  // so the text stays in the box (the server refuses it too, for visitors without JavaScript,
  // but cannot sensibly send a megabyte back). data-paste-of names what to copy instead.
  var MB = 1024 * 1024;

  function pasteBytes(box) {
    return new Blob([box.value]).size;
  }

  function pasteError(box) {
    var id = box.getAttribute("data-size-error");
    return id ? document.getElementById(id) : null;
  }

  function clearPasteError(box) {
    var id = box.getAttribute("data-size-error");
    if (!id) { return; }
    var error = document.getElementById(id);
    if (error) { error.remove(); }
    box.removeAttribute("data-size-error");
    box.removeAttribute("aria-invalid");
    var described = (box.getAttribute("aria-describedby") || "").split(" ").filter(function (ref) {
      return ref && ref !== id;
    });
    if (described.length) { box.setAttribute("aria-describedby", described.join(" ")); }
    else { box.removeAttribute("aria-describedby"); }
  }

  function showPasteError(box, size, max) {
    var error = pasteError(box);
    if (!error) {
      error = document.createElement("p");
      error.className = "field-error";
      error.setAttribute("role", "alert");
      error.id = (box.id || box.name || "paste") + "-size-error";
      box.insertAdjacentElement("afterend", error);
      box.setAttribute("data-size-error", error.id);
      var described = box.getAttribute("aria-describedby");
      box.setAttribute("aria-describedby", described ? described + " " + error.id : error.id);
    }
    var what = box.getAttribute("data-paste-of");
    error.textContent = "The paste is over " + +(max / MB).toFixed(2) + " MB (" +
      (size / MB).toFixed(2) + " MB): copy only " + (what ? "the " + what : "that page") +
      ", or upload the saved page instead.";
    box.setAttribute("aria-invalid", "true");
  }

  // Capture phase: runs before htmx or any other submit handler.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelectorAll) { return; }
    form.querySelectorAll("textarea[data-max-bytes]").forEach(function (box) {
      var max = parseInt(box.getAttribute("data-max-bytes"), 10);
      if (!(max > 0)) { return; }
      var size = pasteBytes(box);
      if (size > max) {
        if (!event.defaultPrevented) {
          event.preventDefault();
          event.stopPropagation();
          box.focus();
        }
        showPasteError(box, size, max);
      } else {
        clearPasteError(box);
      }
    });
  }, true);

  // Once the paste is back under the limit, the message goes.
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea[data-max-bytes][data-size-error]")) { return; }
    if (pasteBytes(box) <= parseInt(box.getAttribute("data-max-bytes"), 10)) {
      clearPasteError(box);
    }
  });
})();
