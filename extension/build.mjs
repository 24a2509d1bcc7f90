// Builds the extension for Chromium and Firefox from one code base:
//   node build.mjs [--bidbook-url https://bidbook.example.com] [--out dist]
// gives dist/chrome/ and dist/firefox/ (unpacked, loadable as they are) and the store zips
// dist/bidbook-chrome.zip and dist/bidbook-firefox.zip.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { zipSync } from "fflate";
import { normaliseAddress } from "./src/lib/api.js";
import { iconPng } from "./src/lib/icon.js";
import { buildManifest } from "./src/lib/manifest.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const bidbookUrl = normaliseAddress(option("--bidbook-url", process.env.BIDBOOK_URL || "http://127.0.0.1:8000"));
const out = resolve(here, option("--out", "dist"));
const { version } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));

const ENTRIES = { content: "src/content/index.js", background: "src/background.js", options: "src/options/options.js" };
const STATIC = ["src/options/options.html", "src/options/options.css"];
// Fixed times make the zips byte-for-byte repeatable.
const MTIME = new Date("2026-01-01T00:00:00Z");

function listFiles(dir, base = dir, files = {}) {
  for (const entry of readdirSyncSorted(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, base, files);
    else files[relative(base, path)] = [readFileSync(path), { mtime: MTIME }];
  }
  return files;
}

function readdirSyncSorted(dir) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
}

rmSync(out, { recursive: true, force: true });
for (const target of ["chrome", "firefox"]) {
  const dir = join(out, target);
  mkdirSync(join(dir, "icons"), { recursive: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, join(here, path)])),
    outdir: dir,
    bundle: true,
    format: "iife",
    target: target === "chrome" ? "chrome116" : "firefox128",
    legalComments: "none",
    logLevel: "warning",
  });
  for (const file of STATIC) writeFileSync(join(dir, file.split("/").pop()), readFileSync(join(here, file)));
  for (const size of [16, 48, 128]) writeFileSync(join(dir, "icons", `icon-${size}.png`), iconPng(size));
  const manifest = buildManifest({ target, version, bidbookUrl });
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const zip = join(out, `bidbook-${target}.zip`);
  writeFileSync(zip, zipSync(listFiles(dir), { level: 9 }));
  console.log(`${relative(process.cwd(), zip)}: Bidbook ${version} for ${target}, talks to ${bidbookUrl}`);
}
