// The background script: the only part that talks to Bidbook. Content scripts ask it by message;
// it reads the address and token from the extension's storage and answers {ok, data} or
// {ok: false, error: {kind, message}} with a sentence the chip shows.

import { ApiError, BATCH_LIMIT, BidbookApi } from "./lib/api.js";
import { connectsCost } from "./lib/reasons.js";
import { loadSettings } from "./lib/settings.js";

const ext = globalThis.browser ?? globalThis.chrome;

async function api() {
  const settings = await loadSettings(ext.storage.local);
  return new BidbookApi(settings);
}

function openTab(url) {
  return ext.tabs.create({ url });
}

const HANDLERS = {
  async vet({ page }) {
    const client = await api();
    const result = await client.vet({ text: page.text, url: page.url, capturedAt: page.capturedAt, save: false });
    return { result };
  },

  async open({ page }) {
    const client = await api();
    const saved = await client.vet({ text: page.text, url: page.url, capturedAt: page.capturedAt, save: true });
    await openTab(client.absolute(saved.app_url));
    return { id: saved.id };
  },

  async batch({ items, capturedAt }) {
    const client = await api();
    const answer = await client.vetBatch({ items: items.slice(0, BATCH_LIMIT), capturedAt });
    return { results: answer.results };
  },

  async log({ application }) {
    const client = await api();
    // Saved first, so the application is tied to the vetting it was sent on (the rules it broke).
    let vettingId = null;
    try {
      const vetting = await client.vet({ text: application.text, url: application.url, capturedAt: application.sentAt, save: true });
      vettingId = vetting.id;
    } catch (error) {
      // A page Bidbook cannot vet is still a proposal sent: log it by title and address.
      if (!(error instanceof ApiError && error.kind === "input")) throw error;
    }
    const logged = await client.logApplication({
      vettingId,
      title: application.title,
      url: application.url,
      submittedAt: application.sentAt,
      connects: application.connects,
      boostConnects: application.boost,
    });
    const paid = connectsCost((application.connects || 0) + (application.boost || 0), null);
    return { id: logged.id, message: `Logged in Bidbook: ${paid} on this proposal.` };
  },

  async history({ text, savedAt }) {
    const client = await api();
    const preview = await client.historyImport({ text, savedAt });
    await openTab(client.absolute(preview.preview_url));
    const count = (value) => (Array.isArray(value) ? value.length : Number(value) || 0);
    const rows = count(preview.rows);
    const fresh = count(preview.new);
    return {
      id: preview.id,
      message: `Sent: ${rows} row${rows === 1 ? "" : "s"}, ${fresh} new. Check and confirm them in the Bidbook tab that opened.`,
    };
  },

  async options() {
    await ext.runtime.openOptionsPage();
    return {};
  },
};

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = message && HANDLERS[message.type];
  if (!handler) return false;
  handler(message)
    .then((data) => sendResponse({ ok: true, data }))
    .catch((error) => {
      const known = error instanceof ApiError;
      sendResponse({
        ok: false,
        error: {
          kind: known ? error.kind : "server",
          message: known ? error.message : `The Bidbook extension hit a problem: ${error && error.message}`,
        },
      });
    });
  return true; // the answer comes later
});

ext.action?.onClicked.addListener(() => ext.runtime.openOptionsPage());
