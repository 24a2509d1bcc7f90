import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError, BidbookApi, normaliseAddress, originPattern } from "../src/lib/api.js";

function fakeFetch(status, body, { json = true } = {}) {
  const calls = [];
  const impl = async (url, init) => {
    calls.push({ url, init, body: init.body ? JSON.parse(init.body) : undefined });
    return {
      ok: status >= 200 && status < 300,
      status,
      headers: { get: () => (json ? "application/json" : "text/html") },
      json: async () => body,
    };
  };
  impl.calls = calls;
  return impl;
}

const client = (fetchImpl) => new BidbookApi({ address: "https://bidbook.example.com/", token: " tok123 ", fetchImpl });

describe("the API client", () => {
  it("posts a page to /api/v1/vet with the bearer token and save false", async () => {
    const fetchImpl = fakeFetch(200, { id: null, verdict: "skip", score: 49 });
    const answer = await client(fetchImpl).vet({ text: "page", url: "https://www.upwork.com/jobs/~01", capturedAt: "2026-01-15T12:00:00Z", save: false });
    assert.equal(answer.verdict, "skip");
    const [call] = fetchImpl.calls;
    assert.equal(call.url, "https://bidbook.example.com/api/v1/vet");
    assert.equal(call.init.method, "POST");
    assert.equal(call.init.headers.Authorization, "Bearer tok123");
    assert.equal(call.init.credentials, "omit");
    assert.deepEqual(call.body, { save: false, text: "page", url: "https://www.upwork.com/jobs/~01", captured_at: "2026-01-15T12:00:00Z" });
  });

  it("sends the tiles in one batch with their urls", async () => {
    const fetchImpl = fakeFetch(200, { results: [] });
    await client(fetchImpl).vetBatch({ items: [{ text: "a", url: "u1" }, { text: "b", url: null }] });
    assert.equal(fetchImpl.calls.length, 1);
    assert.equal(fetchImpl.calls[0].url, "https://bidbook.example.com/api/v1/vet/batch");
    assert.deepEqual(fetchImpl.calls[0].body, { items: [{ text: "a", url: "u1" }, { text: "b" }] });
  });

  it("logs an application on its vetting, with the boost only when there is one", async () => {
    const fetchImpl = fakeFetch(201, { id: 7 });
    await client(fetchImpl).logApplication({ vettingId: 3, submittedAt: "2026-01-15T12:00:00Z", connects: 16, boostConnects: 0 });
    assert.deepEqual(fetchImpl.calls[0].body, { vetting_id: 3, submitted_at: "2026-01-15T12:00:00Z", connects: 16 });
    await client(fetchImpl).logApplication({ title: "T", url: "U", submittedAt: "S", connects: 16, boostConnects: 25 });
    assert.deepEqual(fetchImpl.calls[1].body, { title: "T", url: "U", submitted_at: "S", connects: 16, boost_connects: 25 });
  });

  it("sends a Connects History page with its saved moment", async () => {
    const fetchImpl = fakeFetch(201, { id: 1, preview_url: "/history/imports/1/" });
    const c = client(fetchImpl);
    const preview = await c.historyImport({ text: "Connects History", savedAt: "2026-01-15T12:00:00Z" });
    assert.deepEqual(fetchImpl.calls[0].body, { text: "Connects History", saved_at: "2026-01-15T12:00:00Z" });
    assert.equal(c.absolute(preview.preview_url), "https://bidbook.example.com/history/imports/1/");
    assert.equal(c.absolute("https://other.example.com/x"), "https://other.example.com/x");
  });

  it("says the token was refused on a 401, with Bidbook's reason when it gives one", async () => {
    await assert.rejects(client(fakeFetch(401, null, { json: false })).balance(), (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, "token");
      assert.equal(error.status, 401);
      assert.match(error.message, /refused the extension's token: it was revoked or mistyped/);
      return true;
    });
    await assert.rejects(client(fakeFetch(401, { detail: "This API token was revoked in Settings: make a new one and paste it in." })).balance(), {
      kind: "token",
      message: "Bidbook refused the extension's token. This API token was revoked in Settings: make a new one and paste it in. Put the new token in the extension's options.",
    });
  });

  it("says the server is unreachable, naming the address, when the fetch fails", async () => {
    const failing = async () => {
      throw new TypeError("Failed to fetch");
    };
    await assert.rejects(client(failing).balance(), {
      kind: "unreachable",
      message: "Bidbook is not reachable at https://bidbook.example.com: check that it is running and that the address in the extension's options is right.",
    });
  });

  it("says there is no API at an address that answers 404 in HTML", async () => {
    await assert.rejects(client(fakeFetch(404, null, { json: false })).balance(), { kind: "unreachable", message: /There is no Bidbook API at https:\/\/bidbook.example.com/ });
  });

  it("passes on the API's message for bad input", async () => {
    await assert.rejects(client(fakeFetch(422, { detail: "text: The page has no job facts.", errors: { text: "The page has no job facts." } })).vet({ text: "x" }), {
      kind: "input",
      message: "Bidbook could not use this page: text: The page has no job facts.",
    });
    await assert.rejects(client(fakeFetch(422, { detail: [{ loc: ["body", "text"], msg: "Too long" }] })).vet({ text: "x" }), {
      message: "Bidbook could not use this page: text: Too long",
    });
    await assert.rejects(client(fakeFetch(400, { errors: { items: ["At most 100 items."] } })).vetBatch({ items: [] }), {
      message: "Bidbook could not use this page: items: At most 100 items.",
    });
  });

  it("says so on a rate limit and on a server error", async () => {
    await assert.rejects(client(fakeFetch(429, {})).balance(), { kind: "rate" });
    await assert.rejects(client(fakeFetch(500, null, { json: false })).balance(), { kind: "server", message: /HTTP 500/ });
  });

  it("refuses to start without an address or a token", () => {
    assert.throws(() => new BidbookApi({ address: "", token: "t" }), { kind: "setup", message: /not set up yet/ });
    assert.throws(() => new BidbookApi({ address: "https://x.example", token: "" }), { kind: "setup" });
  });
});

describe("the address", () => {
  it("is kept as scheme, host and port", () => {
    assert.equal(normaliseAddress(" https://bidbook.example.com/ "), "https://bidbook.example.com");
    assert.equal(normaliseAddress("http://127.0.0.1:8000/"), "http://127.0.0.1:8000");
    assert.equal(normaliseAddress("bidbook.example.com"), "https://bidbook.example.com");
    assert.equal(normaliseAddress("https://example.com/bidbook/"), "https://example.com/bidbook");
  });

  it("refuses what is not a web address", () => {
    assert.throws(() => normaliseAddress(""), { kind: "setup", message: /Enter Bidbook's address/ });
    assert.throws(() => normaliseAddress("ftp://example.com"), { message: /must start with https:\/\// });
    assert.throws(() => normaliseAddress("http://"), { message: /is not a web address/ });
  });

  it("becomes a host permission without the port", () => {
    assert.equal(originPattern("http://localhost:8000"), "http://localhost/*");
    assert.equal(originPattern("https://bidbook.example.com/bidbook"), "https://bidbook.example.com/*");
  });
});
