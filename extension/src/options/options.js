// The options page: Bidbook's address and a token, saved in the extension's storage, with
// "Test connection" asking Bidbook for the balance. Saving asks the browser for access to that
// one address (the extension holds no other host permission than Upwork's).

import { ApiError, BidbookApi, normaliseAddress, originPattern } from "../lib/api.js";
import { loadSettings, saveSettings } from "../lib/settings.js";

const ext = globalThis.browser ?? globalThis.chrome;
const form = document.getElementById("settings");
const address = document.getElementById("address");
const token = document.getElementById("token");
const result = document.getElementById("result");

function say(text, ok) {
  result.textContent = text;
  result.className = ok ? "ok" : "problem";
}

async function permitted(normalised) {
  const origins = [originPattern(normalised)];
  if (await ext.permissions.contains({ origins })) return true;
  // Asked while the user's click is still being handled: the browser shows its prompt.
  return ext.permissions.request({ origins });
}

async function save() {
  const normalised = normaliseAddress(address.value);
  if (!token.value.trim()) throw new ApiError("setup", "Paste a token from Bidbook's Settings → API tokens.");
  if (!(await permitted(normalised))) {
    throw new ApiError("permission", `The browser did not allow the extension to reach ${normalised}; save again and allow it.`);
  }
  await saveSettings(ext.storage.local, { address: normalised, token: token.value.trim() });
  address.value = normalised;
  return normalised;
}

async function test() {
  const client = new BidbookApi({ address: normaliseAddress(address.value), token: token.value });
  const balance = await client.balance();
  const money = balance.usd != null && Number.isFinite(Number(balance.usd)) ? `$${Number(balance.usd).toFixed(2)}` : null;
  return `Connected to Bidbook: your balance is ${balance.connects} connects${money ? ` (${money})` : ""}.`;
}

function guarded(action) {
  return async (event) => {
    event.preventDefault();
    for (const b of form.querySelectorAll("button")) b.disabled = true;
    try {
      say(await action(), true);
    } catch (error) {
      say(error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`, false);
    } finally {
      for (const b of form.querySelectorAll("button")) b.disabled = false;
    }
  };
}

form.addEventListener(
  "submit",
  guarded(async () => {
    const saved = await save();
    return `Saved. The extension talks to ${saved}. Press "Test connection" to check the token.`;
  }),
);
document.getElementById("test").addEventListener(
  "click",
  guarded(async () => {
    await save();
    return test();
  }),
);

loadSettings(ext.storage.local).then((settings) => {
  // What the user already typed while storage was read wins.
  address.value ||= settings.address;
  token.value ||= settings.token;
  document.body.dataset.ready = "true";
});
