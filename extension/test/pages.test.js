import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalJobUrl, cleanJobUrl, jobIdOf, pageKind } from "../src/lib/pages.js";

describe("the kind of Upwork page", () => {
  const cases = {
    "https://www.upwork.com/jobs/~022007163664429408020": "job",
    "https://www.upwork.com/jobs/n8n-Workflow-Developer_~022007163664429408020/?referrer_url_path=find_work_home": "job",
    "https://www.upwork.com/freelance-jobs/apply/Senior-WooCommerce_~022049868181866578624/": "job",
    "https://www.upwork.com/nx/find-work/best-matches/details/~022049868181866578624": "panel",
    "https://www.upwork.com/nx/search/jobs/details/~022049868181866578624?q=django": "panel",
    "https://www.upwork.com/nx/proposals/job/~022049868181866578624/apply/": "apply",
    "https://www.upwork.com/nx/find-work/": "feed",
    "https://www.upwork.com/nx/find-work/most-recent": "feed",
    "https://www.upwork.com/nx/search/jobs/?q=django": "search",
    "https://www.upwork.com/nx/plans/connects/history": "history",
    "https://www.upwork.com/nx/proposals/": null,
    "https://www.upwork.com/freelancers/~01abc": null,
    "https://evil.example.com/jobs/~022007163664429408020": null,
    "not a url": null,
  };
  for (const [href, kind] of Object.entries(cases)) {
    it(`${href} is ${kind}`, () => assert.equal(pageKind(href), kind));
  }
});

describe("job addresses", () => {
  it("give their id", () => {
    assert.equal(jobIdOf("/jobs/Senior-WooCommerce_~022049868181866578624/?x=1"), "~022049868181866578624");
    assert.equal(jobIdOf("/freelancers/~01abc"), null);
  });

  it("lose their tracking parameters", () => {
    assert.equal(
      cleanJobUrl("/jobs/Senior_~022049868181866578624/?referrer_url_path=find_work_home#x", "https://www.upwork.com/nx/find-work/"),
      "https://www.upwork.com/jobs/Senior_~022049868181866578624/",
    );
  });
});

describe("the job address Bidbook keys a job by", () => {
  it("is the same from the job page, the side panel, the apply page and a tile", () => {
    const expected = "https://www.upwork.com/jobs/~022049868181866578624";
    for (const href of [
      "https://www.upwork.com/jobs/Senior-WooCommerce_~022049868181866578624/?referrer_url_path=find_work_home",
      "https://www.upwork.com/nx/find-work/best-matches/details/~022049868181866578624",
      "https://www.upwork.com/nx/proposals/job/~022049868181866578624/apply/",
    ]) {
      assert.equal(canonicalJobUrl(href), expected);
    }
    assert.equal(canonicalJobUrl("/jobs/Senior_~022049868181866578624/", "https://www.upwork.com/nx/find-work/"), expected);
  });

  it("is the cleaned address without a job id", () => {
    assert.equal(canonicalJobUrl("https://www.upwork.com/nx/proposals/123?x=1"), "https://www.upwork.com/nx/proposals/123");
  });
});
