// The content script: decides from the address what this Upwork page gets (a chip, badges, a
// "Send to Bidbook" button), reads the page once when it opens, and again only when the user
// presses a button. It never polls, refreshes, scrolls or clicks anything on Upwork.

import { boostConnects, proposalConnects, proposalSent } from "../lib/apply.js";
import { looksLikeConnectsHistory } from "../lib/history.js";
import { canonicalJobUrl, pageKind } from "../lib/pages.js";
import { freshTiles, markPending, putBadge, readTile, unmark } from "./badges.js";
import { Chip } from "./chip.js";

const ext = globalThis.browser ?? globalThis.chrome;
const PENDING_KEY = "bidbook.pendingApplication";
// An apply page sent this long ago is no longer "the proposal just sent".
const PENDING_MAX_AGE_MS = 30 * 60 * 1000;

const STALE = {
  kind: "setup",
  message: "The Bidbook extension was updated or reloaded: reload this page to use it.",
};

async function send(type, payload = {}) {
  try {
    const answer = await ext.runtime.sendMessage({ type, ...payload });
    return answer || { ok: false, error: { kind: "server", message: "The Bidbook extension did not answer; reload this page." } };
  } catch {
    return { ok: false, error: STALE };
  }
}

const openOptions = () => send("options");

function now() {
  return new Date().toISOString();
}

function pageText(root = document.body) {
  return (root && (root.innerText || root.textContent)) || "";
}

// ---------------------------------------------------------------------------------------------
// Job page, side panel, apply page: the chip
// ---------------------------------------------------------------------------------------------
function panelRoot() {
  // The job slide-over on the feed and search; the whole page when it cannot be told apart.
  return (
    document.querySelector("[data-test='job-details-slider'], .air3-slider-content, [role='dialog'] [data-test='job-details']") ||
    document.querySelector("[role='dialog']") ||
    document.body
  );
}

function capture(kind) {
  const root = kind === "panel" ? panelRoot() : document.body;
  return { text: pageText(root), url: canonicalJobUrl(location.href), capturedAt: now() };
}

let lastVerdict = null;

async function showVerdict(chip, kind) {
  chip.loading("Bidbook is reading this job…");
  const seen = capture(kind);
  const answer = await send("vet", { page: seen });
  if (!answer.ok) {
    chip.problem(answer.error, { retry: () => showVerdict(chip, kind) });
    return null;
  }
  lastVerdict = answer.data.result;
  chip.verdict(answer.data.result, {
    onOpen: async () => {
      chip.say("Saving the vetting and opening Bidbook…");
      // The button is the user's request: read the page again, as it is now, and save it.
      const opened = await send("open", { page: capture(kind) });
      if (opened.ok) chip.say("Opened in a new tab.");
      else chip.say(opened.error.message, { problem: true });
    },
  });
  return answer.data.result;
}

function applyFigures() {
  const text = pageText();
  const field = document.querySelector(
    "input[name*='boost' i], input[id*='boost' i], input[data-test*='boost' i], input[aria-label*='bid' i]",
  );
  return {
    connects: proposalConnects(text),
    boost: boostConnects(text, field ? field.value : null),
    text,
    url: canonicalJobUrl(location.href),
    // The job's title as Bidbook read it (the apply page's own heading is "Submit a proposal").
    title: lastVerdict?.facts?.title || document.title,
    sentAt: now(),
  };
}

function watchApplyPage() {
  // The user's press of Upwork's submit button is the moment the figures are read.
  document.addEventListener(
    "click",
    (event) => {
      const button = event.target instanceof Element ? event.target.closest("button, [type='submit']") : null;
      if (!button || !/\b(send|submit)\b/i.test(button.textContent || button.value || "")) return;
      const figures = applyFigures();
      if (figures.connects == null) return;
      ext.storage.local.set({ [PENDING_KEY]: figures });
    },
    true,
  );
}

async function pendingApplication() {
  const stored = await ext.storage.local.get(PENDING_KEY);
  const pending = stored[PENDING_KEY];
  if (!pending || Date.now() - Date.parse(pending.sentAt) > PENDING_MAX_AGE_MS) return null;
  return pending;
}

async function offerLogIfSent(chip) {
  if (!chip.attached || chip.logOffered || !proposalSent(pageText())) return false;
  const pending = await pendingApplication();
  if (!pending) return false;
  chip.logOffered = true;
  chip.offerLog({
    connects: pending.connects,
    boost: pending.boost,
    onLog: async () => {
      const answer = await send("log", { application: pending });
      if (!answer.ok) return { ok: false, message: answer.error.message };
      await ext.storage.local.remove(PENDING_KEY);
      return { ok: true, message: answer.data.message };
    },
  });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Feed and search: badges
// ---------------------------------------------------------------------------------------------
let notice = null;

async function badgeTiles() {
  const tiles = freshTiles().slice(0, 100);
  if (!tiles.length) return;
  markPending(tiles);
  const answer = await send("batch", { items: tiles.map(readTile), capturedAt: now() });
  if (!answer.ok) {
    // Left unmarked, so the user's next action (a retry) reads them again.
    unmark(tiles);
    if (!notice || !notice.attached) notice = new Chip({ onOptions: openOptions });
    notice.problem(answer.error, { retry: () => badgeTiles() });
    return;
  }
  if (notice) {
    notice.remove();
    notice = null;
  }
  // Each result is {index, url, problem, result}: a tile with too few facts gets a grey badge.
  for (const item of answer.data.results) {
    const i = Number.isInteger(item.index) ? item.index : answer.data.results.indexOf(item);
    if (tiles[i]) putBadge(tiles[i], item.result ?? (item.verdict ? item : null), item.problem);
  }
}

// ---------------------------------------------------------------------------------------------
// Connects History: "Send to Bidbook"
// ---------------------------------------------------------------------------------------------
function offerHistory(chip) {
  if (!looksLikeConnectsHistory(pageText())) {
    chip.loading("Open the Connects History table (Date, Action, Connects) to send it to Bidbook.");
    return;
  }
  chip.action({
    note: "Keep every movement Upwork forgets after 90 days.",
    label: "Send to Bidbook",
    className: "send-history",
    onPress: async () => {
      chip.say("Sending the page to Bidbook…");
      // Read when pressed: the table as the user has it now (a longer period, more rows).
      const answer = await send("history", { text: pageText(), savedAt: now() });
      if (answer.ok) chip.say(answer.data.message);
      else chip.say(answer.error.message, { problem: true });
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Routing, again when Upwork changes the address without a page load (its pages are an app)
// ---------------------------------------------------------------------------------------------
let current = { href: null, chip: null };

async function route() {
  if (current.href === location.href) return;
  current.chip?.remove();
  current = { href: location.href, chip: null };
  const kind = pageKind(location.href);
  if (kind === "job" || kind === "panel" || kind === "apply") {
    const chip = new Chip({ onOptions: openOptions });
    current.chip = chip;
    if (kind === "apply") watchApplyPage();
    const result = await showVerdict(chip, kind);
    if (result) await offerLogIfSent(chip);
  } else if (kind === "history") {
    current.chip = new Chip({ onOptions: openOptions });
    offerHistory(current.chip);
  }
  if (kind === "feed" || kind === "search" || kind === "panel") await badgeTiles();
  // A proposal page reached after sending: the chip may have no verdict, but offers the log.
  if (!current.chip && proposalSent(pageText()) && (await pendingApplication())) {
    current.chip = new Chip({ onOptions: openOptions });
    current.chip.loading("Your proposal was sent.");
    await offerLogIfSent(current.chip);
  }
}

let timer = null;
function onChange() {
  // Upwork re-renders often; wait for it to settle, then look once (no timers run otherwise).
  clearTimeout(timer);
  timer = setTimeout(async () => {
    if (current.href !== location.href) await route();
    else {
      const kind = pageKind(location.href);
      if (kind === "feed" || kind === "search" || kind === "panel") await badgeTiles();
      if (current.chip && (kind === "apply" || kind === "job" || kind === "panel")) await offerLogIfSent(current.chip);
    }
  }, 400);
}

if (!globalThis.__bidbookLoaded) {
  globalThis.__bidbookLoaded = true;
  route();
  const ours = (node) => String(node.nodeName).startsWith("BIDBOOK-");
  new MutationObserver((mutations) => {
    // Our own chip and badges coming and going do not count as the page changing.
    const theirs = mutations.some((m) => [...m.addedNodes, ...m.removedNodes].some((n) => !ours(n)));
    if (theirs) onChange();
  }).observe(document.documentElement, { childList: true, subtree: true });
  addEventListener("popstate", onChange);
}
