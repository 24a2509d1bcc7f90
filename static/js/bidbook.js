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
})();
