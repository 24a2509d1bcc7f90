// Which Upwork page a tab shows, from its address alone: the content script decides what to do
// (a chip, badges, a button or nothing) before it reads anything on the page.

const JOB_ID = /~0[12]\d{15,20}/;

/** "job" | "panel" | "apply" | "feed" | "search" | "history" | null */
export function pageKind(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!/(^|\.)upwork\.com$/i.test(url.hostname)) return null;
  const path = url.pathname;
  if (/^\/nx\/plans\/connects\/history/.test(path)) return "history";
  if (/\/apply\/?$/.test(path) && JOB_ID.test(path)) return "apply";
  if (/\/details\/~0/.test(path)) return "panel";
  if (/^\/(jobs|freelance-jobs\/apply|nx\/jobs)\//.test(path) && JOB_ID.test(path)) return "job";
  if (/^\/nx\/find-work(\/|$)/.test(path) || /^\/ab\/find-work/.test(path)) return "feed";
  if (/^\/nx\/search\/jobs(\/|$)/.test(path) || /^\/search\/jobs(\/|$)/.test(path)) return "search";
  return null;
}

/** The job's "~01..." id in an address, or null. */
export function jobIdOf(href) {
  const match = JOB_ID.exec(String(href || ""));
  return match ? match[0] : null;
}

/** A job address without tracking parameters, absolute against the page's address. */
export function cleanJobUrl(href, base) {
  let url;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  url.search = "";
  url.hash = "";
  return url.href;
}

/**
 * The job's address as Bidbook keys it: https://www.upwork.com/jobs/~01..., whichever page it was
 * seen on (job page, side panel, apply page, tile); the cleaned address when it has no job id.
 */
export function canonicalJobUrl(href, base) {
  const id = jobIdOf(href);
  return id ? `https://www.upwork.com/jobs/${id}` : cleanJobUrl(href, base);
}
