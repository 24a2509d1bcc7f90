import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectsCost, dollars, topReasons, verdictWord, vettingCost } from "../src/lib/reasons.js";

const rules = [
  { code: "hire_rate", status: "fail", reason: "Hire rate 27%" },
  { code: "idle_job", status: "warn", reason: "Last viewed 3 days ago" },
  { code: "interview_activity", status: "warn", reason: "Nobody interviewed" },
  { code: "already_hired", status: "pass", reason: "Nobody hired" },
  { code: "client_rating", status: "warn", reason: "Rated 4.21" },
  { code: "ghost_job", status: "unknown", reason: "No invites figure" },
];

describe("the reasons that weigh most", () => {
  it("put fails before warnings before unknowns before passes, in the registry's order", () => {
    assert.deepEqual(topReasons(rules).map((r) => r.code), ["hire_rate", "idle_job", "interview_activity"]);
    assert.deepEqual(topReasons(rules, 5).map((r) => r.code), ["hire_rate", "idle_job", "interview_activity", "client_rating", "ghost_job"]);
  });

  it("follow the points each rule took off (weight) when the API gives them", () => {
    const weighed = rules.map((r) => ({ ...r, weight: { hire_rate: 30, idle_job: 10, interview_activity: 6, client_rating: 5, ghost_job: 2, already_hired: 0 }[r.code] }));
    weighed[4].weight = 12;
    assert.deepEqual(topReasons(weighed).map((r) => r.code), ["hire_rate", "client_rating", "idle_job"]);
  });

  it("are none for no rules", () => {
    assert.deepEqual(topReasons(undefined), []);
  });
});

describe("connects in dollars", () => {
  it("multiplies in cents", () => {
    assert.equal(dollars(14, 0.15), "$2.10");
    assert.equal(dollars(3, 0.15), "$0.45");
    assert.equal(dollars(16, "0.15"), "$2.40");
    assert.equal(dollars(26, 0.1667), "$4.33");
  });

  it("is unknown without a count or a price", () => {
    assert.equal(dollars(null, 0.15), null);
    assert.equal(dollars(14, null), null);
  });

  it("reads as the chip says it", () => {
    assert.equal(connectsCost(14, 0.15), "14 connects ($2.10)");
    assert.equal(connectsCost(1, 0.15), "1 connect ($0.15)");
    assert.equal(connectsCost(14, null), "14 connects");
    assert.equal(connectsCost(null, 0.15), null);
  });

  it("comes priced by Bidbook in a vetting", () => {
    assert.equal(vettingCost({ connects_required: 14, connects_usd: "2.10", facts: {} }), "14 connects ($2.10)");
    assert.equal(vettingCost({ connects_required: 1, connects_usd: "0.15" }), "1 connect ($0.15)");
    assert.equal(vettingCost({ facts: { connects_required: 14 } }), "14 connects");
    assert.equal(vettingCost({ connects_required: null, connects_usd: null, facts: {} }), null);
  });

  it("names the verdicts", () => {
    assert.equal(verdictWord("apply"), "Apply");
    assert.equal(verdictWord("caution"), "Caution");
    assert.equal(verdictWord("skip"), "Skip");
    assert.equal(verdictWord("maybe"), "Unknown");
  });
});
