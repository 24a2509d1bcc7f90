// Where the extension keeps Bidbook's address and the token: the extension's own local storage,
// never the page's, never synced to other devices.

export const SETTINGS_KEY = "bidbook.settings";

export async function loadSettings(storage) {
  const stored = await storage.get(SETTINGS_KEY);
  const settings = stored[SETTINGS_KEY] || {};
  return { address: settings.address || "", token: settings.token || "" };
}

export async function saveSettings(storage, { address, token }) {
  await storage.set({ [SETTINGS_KEY]: { address, token } });
}
