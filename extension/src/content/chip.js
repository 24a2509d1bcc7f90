// The Bidbook chip: one fixed card in its own shadow root, so Upwork's styles cannot touch it and
// its styles cannot leak into the page.

import { topReasons, vettingCost, verdictWord } from "../lib/reasons.js";
import { adoptStyles, el } from "./dom.js";
import { CHIP_CSS } from "./styles.js";

// Problems the user fixes in the options page get a button that opens it.
const FIXED_IN_OPTIONS = new Set(["setup", "token", "unreachable", "permission"]);

export class Chip {
  constructor({ onOptions } = {}) {
    this.onOptions = onOptions;
    this.host = el("bidbook-chip", { "data-bidbook": "chip" });
    this.root = this.host.attachShadow({ mode: "open" });
    adoptStyles(this.root, CHIP_CSS);
    this.card = el("section", { class: "chip", role: "status", "aria-live": "polite", "aria-label": "Bidbook" });
    this.body = el("div", { class: "body" });
    this.extra = el("div", { class: "extra" });
    this.card.append(
      el(
        "div",
        { class: "head" },
        el("span", { class: "brand", text: "Bidbook" }),
        el("button", { class: "close", type: "button", title: "Hide", "aria-label": "Hide Bidbook", onclick: () => this.remove() }, "×"),
      ),
      this.body,
      this.extra,
    );
    this.root.append(this.card);
    document.documentElement.append(this.host);
  }

  remove() {
    this.host.remove();
  }

  get attached() {
    return this.host.isConnected;
  }

  _replace(...nodes) {
    this.body.replaceChildren(...nodes.flat().filter(Boolean));
  }

  loading(text) {
    this._replace(el("p", { class: "note", text }));
  }

  problem(error, { retry } = {}) {
    const actions = el("div", { class: "actions" });
    if (FIXED_IN_OPTIONS.has(error.kind) && this.onOptions) {
      actions.append(el("button", { class: "act secondary options", type: "button", onclick: this.onOptions }, "Open options"));
    }
    if (retry) actions.append(el("button", { class: "act secondary retry", type: "button", onclick: retry }, "Try again"));
    this._replace(el("p", { class: "problem", "data-kind": error.kind, text: error.message }), actions.childElementCount ? actions : null);
  }

  /** The verdict, the score, the connects cost and the three reasons that weigh most. */
  verdict(result, { onOpen, openLabel = "Open in Bidbook" }) {
    const cost = vettingCost(result);
    const reasons = topReasons(result.rules, 3);
    const open = el("button", { class: "act open", type: "button" }, openLabel);
    open.addEventListener("click", async () => {
      open.disabled = true;
      try {
        await onOpen();
      } finally {
        open.disabled = false;
      }
    });
    this._replace(
      el(
        "p",
        { class: "summary" },
        el("span", { class: `verdict ${result.verdict}`, text: verdictWord(result.verdict) }),
        " ",
        el("span", { class: "score", text: `${result.score}/100` }),
      ),
      el("p", { class: "cost", text: cost ? `Costs ${cost}` : "The page does not say how many connects it costs." }),
      el("ul", { class: "reasons" }, reasons.map((r) => el("li", { class: `reason ${r.status}`, "data-code": r.code, text: r.reason }))),
      el("div", { class: "actions" }, open),
      el("p", { class: "note status", hidden: true }),
    );
  }

  /** A note and one button: the Connects History page's "Send to Bidbook". */
  action({ note, label, className, onPress }) {
    const button = el("button", { class: `act ${className}`, type: "button" }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await onPress();
      } finally {
        button.disabled = false;
      }
    });
    this._replace(el("p", { class: "note", text: note }), el("div", { class: "actions" }, button), el("p", { class: "note status", hidden: true }));
  }

  /** A short line under the verdict ("Opening Bidbook…", or a problem). */
  say(text, { problem = false } = {}) {
    const line = this.body.querySelector(".status") || el("p", { class: "note status" });
    line.hidden = false;
    line.className = problem ? "problem status" : "note status";
    line.textContent = text;
    if (!line.isConnected) this.body.append(line);
  }

  /** "Log this application" with the connects and boost read from the apply page. */
  offerLog({ connects, boost, onLog }) {
    const boostText = boost ? ` + ${boost} boost` : "";
    const button = el("button", { class: "act log-app", type: "button" }, "Log this application");
    const line = el("p", { class: "note log-status" });
    button.addEventListener("click", async () => {
      button.disabled = true;
      line.className = "note log-status";
      line.textContent = "Logging…";
      const outcome = await onLog();
      if (outcome.ok) {
        line.textContent = outcome.message;
        button.remove();
      } else {
        line.className = "problem log-status";
        line.textContent = outcome.message;
        button.disabled = false;
      }
    });
    this.extra.replaceChildren(
      el(
        "div",
        { class: "log" },
        el("p", { class: "log-figures", text: `Proposal sent: ${connects ?? "?"} connects${boostText}.` }),
        el("div", { class: "actions" }, button),
        line,
      ),
    );
  }
}
