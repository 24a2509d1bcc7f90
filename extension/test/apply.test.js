import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { boostConnects, proposalConnects, proposalSent, remainingConnects } from "../src/lib/apply.js";
import { looksLikeConnectsHistory } from "../src/lib/history.js";

const fixtures = new URL("../../tests/fixtures/", import.meta.url);
const read = (base, path) => readFileSync(new URL(path, base), "utf8");

describe("the apply page's figures", () => {
  const page = read(fixtures, "extension/apply_page.txt");

  it("read what the proposal costs", () => {
    assert.equal(proposalConnects(page), 16);
    assert.equal(proposalConnects("Required Connects to submit a proposal: 18"), 18);
    assert.equal(proposalConnects("Send a proposal for: 20 Connects"), 20);
    assert.equal(proposalConnects("Available Connects: 31"), null);
  });

  it("read the boost from the field first, then from the page", () => {
    assert.equal(boostConnects(page, "25"), 25);
    assert.equal(boostConnects(page, ""), 0);
    assert.equal(boostConnects("Your bid: 40 Connects", null), 40);
    assert.equal(boostConnects(page, "-3"), 0);
  });

  it("read the balance left", () => {
    assert.equal(remainingConnects(page), 115);
  });

  it("know when the proposal was sent", () => {
    assert.equal(proposalSent(page), false);
    assert.equal(proposalSent(read(fixtures, "extension/proposal_sent.txt")), true);
  });
});

describe("the Connects History page", () => {
  it("is told from other pages", () => {
    assert.equal(looksLikeConnectsHistory(read(fixtures, "history/connects_history_sample.txt")), true);
    assert.equal(looksLikeConnectsHistory(read(fixtures, "jobs/job_page_fixed_intermediate.txt")), false);
  });
});
