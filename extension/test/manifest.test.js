import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildManifest } from "../src/lib/manifest.js";

describe("the manifest", () => {
  const chrome = buildManifest({ target: "chrome", version: "0.1.0", bidbookUrl: "https://bidbook.example.com" });
  const firefox = buildManifest({ target: "firefox", version: "0.1.0", bidbookUrl: "https://bidbook.example.com" });

  it("is Manifest V3 for both browsers", () => {
    assert.equal(chrome.manifest_version, 3);
    assert.equal(firefox.manifest_version, 3);
  });

  it("holds host permissions for Upwork and the Bidbook address only", () => {
    assert.deepEqual(chrome.host_permissions, ["https://www.upwork.com/*", "https://bidbook.example.com/*"]);
    assert.deepEqual(firefox.host_permissions, chrome.host_permissions);
    assert.deepEqual(chrome.permissions, ["storage"]);
    assert.deepEqual(chrome.content_scripts[0].matches, ["https://www.upwork.com/*"]);
  });

  it("runs the background as a service worker in Chromium and an event page in Firefox", () => {
    assert.deepEqual(chrome.background, { service_worker: "background.js" });
    assert.deepEqual(firefox.background, { scripts: ["background.js"] });
    assert.equal(firefox.browser_specific_settings.gecko.id, "extension@bidbook.app");
    assert.equal(chrome.browser_specific_settings, undefined);
  });

  it("refuses an unknown browser", () => {
    assert.throws(() => buildManifest({ target: "safari", version: "1", bidbookUrl: "https://x.example" }), /unknown target safari/);
  });
});
