// The Connects History page: is it really that page (not a login wall or an empty shell)?

export function looksLikeConnectsHistory(text) {
  const t = text || "";
  return /Connects History/i.test(t) && /\bDate\b/.test(t) && /\bAction\b/.test(t) && /\bConnects\b/.test(t);
}
