// The extension's manifest for each browser, from one description: Chromium runs the background
// as a service worker, Firefox as an event page, and Firefox needs an add-on id.

import { originPattern } from "./api.js";

export const UPWORK_PATTERN = "https://www.upwork.com/*";

/**
 * target: "chrome" | "firefox"; bidbookUrl: the Bidbook address the extension is built for (its
 * host permission; another address is asked for at run time from the options page).
 */
export function buildManifest({ target, version, bidbookUrl }) {
  const manifest = {
    manifest_version: 3,
    name: "Bidbook for Upwork",
    short_name: "Bidbook",
    version,
    description:
      "Bidbook's verdict on the Upwork job you have open, badges on the feed, and your Connects History in one click.",
    icons: { 16: "icons/icon-16.png", 48: "icons/icon-48.png", 128: "icons/icon-128.png" },
    permissions: ["storage"],
    host_permissions: [UPWORK_PATTERN, originPattern(bidbookUrl)],
    // Only ever requested for the one address typed into the options page.
    optional_host_permissions: ["https://*/*", "http://*/*"],
    content_scripts: [{ matches: [UPWORK_PATTERN], js: ["content.js"], run_at: "document_idle" }],
    options_ui: { page: "options.html", open_in_tab: true },
    action: { default_title: "Bidbook options", default_icon: { 16: "icons/icon-16.png", 48: "icons/icon-48.png" } },
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
  };
  if (target === "chrome") {
    manifest.background = { service_worker: "background.js" };
    manifest.minimum_chrome_version = "116";
  } else if (target === "firefox") {
    manifest.background = { scripts: ["background.js"] };
    manifest.browser_specific_settings = {
      gecko: {
        id: "extension@bidbook.app",
        strict_min_version: "128.0",
        // addons.mozilla.org asks what leaves the browser: the job pages the user sends to
        // their own Bidbook.
        data_collection_permissions: { required: ["websiteContent"] },
      },
    };
  } else {
    throw new Error(`unknown target ${target}: chrome or firefox`);
  }
  return manifest;
}
