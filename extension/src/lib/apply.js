// The apply page's figures, read from its visible text: what the proposal costs and the boost bid.
// Pure functions over text, so they are tested on written fixtures without a browser.

function toInt(raw) {
  const n = Number.parseInt(String(raw).replace(/[,\s]/g, ""), 10);
  return Number.isFinite(n) ? n : null;
}

/** Connects the proposal itself costs ("This proposal requires 16 Connects"). */
export function proposalConnects(text) {
  const patterns = [
    /This proposal requires\s+(\d[\d,]*)\s+Connects?/i,
    /Required Connects to submit a proposal:?\s*(\d[\d,]*)/i,
    /Send a proposal for:?\s*(\d[\d,]*)\s+Connects?/i,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text || "");
    if (match) return toInt(match[1]);
  }
  return null;
}

/**
 * The boost bid: the boost field's value when the page has one (the user types it), otherwise
 * what the page says it will charge ("Your bid: 25 Connects"). 0 when the proposal is not boosted.
 */
export function boostConnects(text, fieldValue) {
  const typed = toInt(fieldValue ?? "");
  if (typed !== null) return Math.max(typed, 0);
  const match = /(?:Your (?:boost )?bid|Boost(?:ed)? (?:with|bid)):?\s*(\d[\d,]*)\s+Connects?/i.exec(text || "");
  return match ? toInt(match[1]) : 0;
}

/** The balance the page says is left after sending ("you'll have 34 Connects remaining"). */
export function remainingConnects(text) {
  const match = /you[’']ll have\s+(\d[\d,]*)\s+Connects?\s+remaining/i.exec(text || "");
  return match ? toInt(match[1]) : null;
}

/** Upwork's confirmation once a proposal is sent. */
export function proposalSent(text) {
  return /Your proposal (?:was|has been) (?:submitted|sent)|Proposal submitted/i.test(text || "");
}
