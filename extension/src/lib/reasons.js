// What the chip and the badges say about a verdict, from the API's answer.

// A rule's status, from the one that weighs most on a verdict to the one that weighs least.
const STATUS_ORDER = { fail: 0, warn: 1, unknown: 2, pass: 3 };

/**
 * The `count` reasons that weigh most: by the points each rule took off the score (the API's
 * `weight`), then fails before warnings before unknowns before passes; ties keep the API's order.
 */
export function topReasons(rules, count = 3) {
  const ranked = (rules || []).map((rule, index) => ({ rule, index }));
  ranked.sort((a, b) => {
    const pa = Number.isFinite(a.rule.weight) ? a.rule.weight : null;
    const pb = Number.isFinite(b.rule.weight) ? b.rule.weight : null;
    if (pa !== null && pb !== null && pa !== pb) return pb - pa;
    const sa = STATUS_ORDER[a.rule.status] ?? 4;
    const sb = STATUS_ORDER[b.rule.status] ?? 4;
    if (sa !== sb) return sa - sb;
    return a.index - b.index;
  });
  return ranked.slice(0, count).map(({ rule }) => rule);
}

/** "$2.40" for 16 connects at $0.15; null when either is unknown. */
export function dollars(connects, pricePerConnect) {
  const n = Number(connects);
  const price = Number(pricePerConnect);
  if (connects == null || pricePerConnect == null || !Number.isFinite(n) || !Number.isFinite(price)) {
    return null;
  }
  // Cents as integers: 0.15 * 3 is 0.44999... in floating point.
  const cents = Math.round(n * Math.round(price * 10000) / 100);
  return `$${(cents / 100).toFixed(2)}`;
}

/** "16 connects ($2.40)", "16 connects" or null when the page did not say. */
export function connectsCost(connects, pricePerConnect) {
  if (connects == null) return null;
  const word = Number(connects) === 1 ? "connect" : "connects";
  const usd = dollars(connects, pricePerConnect);
  return usd ? `${connects} ${word} (${usd})` : `${connects} ${word}`;
}

/** The chip's cost line from a vetting: "14 connects ($2.10)" at the user's own price. */
export function vettingCost(result) {
  const connects = result.connects_required ?? (result.facts ? result.facts.connects_required : null);
  if (connects == null) return null;
  const usd = Number(result.connects_usd);
  const word = Number(connects) === 1 ? "connect" : "connects";
  return result.connects_usd != null && Number.isFinite(usd) ? `${connects} ${word} ($${usd.toFixed(2)})` : `${connects} ${word}`;
}

const VERDICT_WORDS = { apply: "Apply", caution: "Caution", skip: "Skip" };

export function verdictWord(verdict) {
  return VERDICT_WORDS[verdict] || "Unknown";
}
