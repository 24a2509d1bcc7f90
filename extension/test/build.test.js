import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const here = new URL("..", import.meta.url).pathname;
const haveTools = existsSync(join(here, "node_modules", "esbuild")) && existsSync(join(here, "node_modules", "fflate"));

describe("make extension", { skip: !haveTools && "npm ci has not been run in extension/ (make extension does it)" }, () => {
  it("builds a zip for each browser, for the Bidbook address it is given", async () => {
    // Loaded here: on a clone without `npm ci` this file must still load (and skip).
    const { unzipSync } = await import("fflate");
    const out = mkdtempSync(join(tmpdir(), "bidbook-ext-"));
    execFileSync("node", ["build.mjs", "--bidbook-url", "https://bidbook.example.com/", "--out", out], { cwd: here });
    for (const target of ["chrome", "firefox"]) {
      const files = unzipSync(readFileSync(join(out, `bidbook-${target}.zip`)));
      assert.deepEqual(Object.keys(files).sort(), [
        "background.js",
        "content.js",
        "icons/icon-128.png",
        "icons/icon-16.png",
        "icons/icon-48.png",
        "manifest.json",
        "options.css",
        "options.html",
        "options.js",
      ]);
      const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
      assert.deepEqual(manifest.host_permissions, ["https://www.upwork.com/*", "https://bidbook.example.com/*"]);
      // The bundles are self-contained scripts: no import statements left for the browser.
      for (const script of ["background.js", "content.js", "options.js"]) {
        assert.doesNotMatch(new TextDecoder().decode(files[script]), /^\s*import\s/m);
      }
    }
  });

  it("gives the same zip twice", () => {
    const a = mkdtempSync(join(tmpdir(), "bidbook-ext-"));
    const b = mkdtempSync(join(tmpdir(), "bidbook-ext-"));
    for (const out of [a, b]) execFileSync("node", ["build.mjs", "--out", out], { cwd: here });
    assert.ok(readFileSync(join(a, "bidbook-chrome.zip")).equals(readFileSync(join(b, "bidbook-chrome.zip"))));
  });
});
