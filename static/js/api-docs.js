// The API docs page: Swagger UI (static/vendor/swagger-ui) reading our OpenAPI description.
// A file of its own because the site's Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.SwaggerUIBundle({
      url: root.getAttribute("data-openapi-url"),
      domNode: root,
      deepLinking: true,
      // "Try it out" sends the token typed into "Authorize"; nothing is kept after a reload.
      persistAuthorization: false,
      // No calls home: the validator badge would fetch from swagger.io.
      validatorUrl: null,
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
