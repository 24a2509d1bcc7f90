// The Bidbook API client the background script uses. Every failure becomes an ApiError with a
// sentence a freelancer can act on: the chip shows it instead of failing silently.

export class ApiError extends Error {
  /** kind: "setup" | "token" | "unreachable" | "rate" | "input" | "server" | "permission" */
  constructor(kind, message, status = null) {
    super(message);
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
  }
}

/** The address as the options page stores it: scheme, host and port, no trailing slash. */
export function normaliseAddress(raw) {
  const text = String(raw || "").trim();
  if (!text) throw new ApiError("setup", "Enter Bidbook's address, like https://bidbook.example.com.");
  let url;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new ApiError("setup", `"${text}" is not a web address; enter one like https://bidbook.example.com.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ApiError("setup", "Bidbook's address must start with https:// (or http:// on your own computer).");
  }
  // A sub-path install (https://example.com/bidbook) keeps its path.
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path}`;
}

/** The host permission pattern for an address: match patterns take no port. */
export function originPattern(address) {
  const url = new URL(address);
  return `${url.protocol}//${url.hostname}/*`;
}

function firstMessage(body) {
  // The API answers bad input with a message per field; show the first one or two.
  if (!body || typeof body !== "object") return null;
  if (typeof body.detail === "string") return body.detail;
  if (typeof body.message === "string") return body.message;
  const errors = body.errors || body.detail;
  if (Array.isArray(errors) && errors.length) {
    return errors
      .slice(0, 2)
      .map((e) => (typeof e === "string" ? e : [e.field || (e.loc || []).slice(-1)[0], e.message || e.msg].filter(Boolean).join(": ")))
      .join("; ");
  }
  if (errors && typeof errors === "object") {
    return Object.entries(errors)
      .slice(0, 2)
      .map(([field, msgs]) => `${field}: ${[].concat(msgs).join(" ")}`)
      .join("; ");
  }
  return null;
}

export class BidbookApi {
  constructor({ address, token, fetchImpl = globalThis.fetch.bind(globalThis) }) {
    if (!address || !token) {
      throw new ApiError(
        "setup",
        "Bidbook is not set up yet: open the extension's options and enter Bidbook's address and a token.",
      );
    }
    this.address = normaliseAddress(address);
    this.token = String(token).trim();
    this.fetchImpl = fetchImpl;
  }

  /** An app link from the API (absolute or relative) as an absolute address on this server. */
  absolute(link) {
    return link ? new URL(link, `${this.address}/`).href : null;
  }

  async request(method, path, body) {
    let response;
    try {
      response = await this.fetchImpl(`${this.address}/api/v1/${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
      });
    } catch {
      throw new ApiError(
        "unreachable",
        `Bidbook is not reachable at ${this.address}: check that it is running and that the address in the extension's options is right.`,
      );
    }
    let data = null;
    const type = response.headers.get("content-type") || "";
    if (type.includes("json")) {
      try {
        data = await response.json();
      } catch {
        data = null;
      }
    }
    if (response.ok) return data;
    const status = response.status;
    if (status === 401 || status === 403) {
      // Bidbook says which: no token, one it never made, or a revoked one.
      const said = firstMessage(data);
      throw new ApiError(
        "token",
        said
          ? `Bidbook refused the extension's token. ${said} Put the new token in the extension's options.`
          : "Bidbook refused the extension's token: it was revoked or mistyped. Make a new token in Bidbook's Settings and paste it in the extension's options.",
        status,
      );
    }
    if (status === 429) {
      throw new ApiError("rate", "Bidbook is getting too many requests from this token; wait a minute and try again.", status);
    }
    if (status === 404 && data === null) {
      throw new ApiError(
        "unreachable",
        `There is no Bidbook API at ${this.address}: check the address in the extension's options.`,
        status,
      );
    }
    if (status >= 400 && status < 500) {
      const said = firstMessage(data);
      throw new ApiError("input", said ? `Bidbook could not use this page: ${said}` : `Bidbook could not use this page (HTTP ${status}).`, status);
    }
    throw new ApiError("server", `Bidbook had a problem answering (HTTP ${status}); try again in a moment.`, status);
  }

  vet({ text, html, url, capturedAt, save }) {
    const body = { save: Boolean(save) };
    if (html) body.html = html;
    else body.text = text;
    if (url) body.url = url;
    if (capturedAt) body.captured_at = capturedAt;
    return this.request("POST", "vet", body);
  }

  vetBatch({ items, capturedAt }) {
    const body = { items: items.map(({ text, url }) => (url ? { text, url } : { text })) };
    if (capturedAt) body.captured_at = capturedAt;
    return this.request("POST", "vet/batch", body);
  }

  logApplication({ vettingId, title, url, submittedAt, connects, boostConnects }) {
    const body = vettingId ? { vetting_id: vettingId } : { title, url };
    body.submitted_at = submittedAt;
    body.connects = connects;
    if (boostConnects) body.boost_connects = boostConnects;
    return this.request("POST", "applications", body);
  }

  historyImport({ text, savedAt }) {
    const body = { text };
    if (savedAt) body.saved_at = savedAt;
    return this.request("POST", "history-imports", body);
  }

  balance() {
    return this.request("GET", "balance");
  }
}

/** The maximum tiles one batch call takes (the API's limit). */
export const BATCH_LIMIT = 100;
