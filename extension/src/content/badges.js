// Badges on the find-work feed and search tiles: one batch call for the tiles on screen.

import { canonicalJobUrl, jobIdOf } from "../lib/pages.js";
import { topReasons, verdictWord } from "../lib/reasons.js";
import { adoptStyles, el } from "./dom.js";
import { BADGE_CSS } from "./styles.js";

const TILE_SELECTOR = [
  "article.job-tile",
  "article[data-ev-job-uid]",
  "section[data-ev-opening_uid]",
  "[data-test='JobTile']",
  "[data-test='job-tile']",
].join(",");

const DONE = "data-bidbook-badge";

/** The job tiles on the page that have no badge yet, each with its title link. */
export function freshTiles(root = document) {
  const tiles = [];
  for (const tile of root.querySelectorAll(TILE_SELECTOR)) {
    if (tile.hasAttribute(DONE)) continue;
    // A tile nested in a tile (a wrapper section) is read once, at the outer one.
    if (tile.parentElement && tile.parentElement.closest(`${TILE_SELECTOR}`)) continue;
    const link = [...tile.querySelectorAll("a[href]")].find((a) => jobIdOf(a.getAttribute("href")));
    if (!link) continue;
    tiles.push({ tile, link });
  }
  return tiles;
}

export function readTile({ tile, link }) {
  return { text: tile.innerText || tile.textContent || "", url: canonicalJobUrl(link.getAttribute("href"), location.href) };
}

export function markPending(tiles) {
  for (const { tile } of tiles) tile.setAttribute(DONE, "pending");
}

export function unmark(tiles) {
  for (const { tile } of tiles) tile.removeAttribute(DONE);
}

/** A small badge before the tile's title: verdict and score, the top reason as its tooltip. */
export function putBadge({ tile, link }, result, problem = null) {
  const host = el("bidbook-badge", { "data-bidbook": "badge" });
  const root = host.attachShadow({ mode: "open" });
  adoptStyles(root, BADGE_CSS);
  const verdict = result && result.verdict ? result.verdict : "none";
  const top = result && result.rules ? topReasons(result.rules, 1)[0] : null;
  const label = result && result.verdict ? `${verdictWord(verdict)} ${result.score}` : "Bidbook: no verdict";
  root.append(
    el("span", {
      class: `badge ${verdict}`,
      title: top ? `Bidbook: ${top.reason}` : `Bidbook: ${problem || "no verdict"}`,
      "data-verdict": verdict,
      text: label,
    }),
  );
  const heading = link.closest("h2, h3, h4") || link;
  heading.parentElement.insertBefore(host, heading);
  tile.setAttribute(DONE, verdict);
}
