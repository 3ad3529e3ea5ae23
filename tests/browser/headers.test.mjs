// The security headers of `_headers`, served as a host would serve them: another origin
// cannot frame the self-assessment, and every page still works under them.
//
// SITE_DIR: the web build.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, serveWithHeaders, headersFor, launchOptions } from "./support.mjs";

const siteDir = process.env.SITE_DIR;
assert.ok(siteDir, "set SITE_DIR");

let plain, host, other, browser;

/** A page on another origin (another port) that frames `target`. */
function framingSite(target) {
  const server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><title>Someone else</title><iframe id="f" title="framed" src="${target}"></iframe>`);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

before(async () => {
  plain = await serve(siteDir);
  host = await serveWithHeaders(siteDir);
  browser = await chromium.launch(launchOptions());
});

after(async () => {
  await browser?.close();
  await plain?.close();
  await host?.close();
  await other?.close();
});

test("_headers gives every path the policy, framing refused, and the other headers", () => {
  const rules = readFileSync(join(siteDir, "_headers"), "utf8");
  for (const path of ["/", "/assessment/", "/services/", "/css/site.css"]) {
    const h = headersFor(rules, path);
    assert.match(h["Content-Security-Policy"], /(^|; )frame-ancestors 'none'($|;)/, path);
    assert.match(h["Content-Security-Policy"], /^default-src 'none'; /, path);
    assert.equal(h["X-Content-Type-Options"], "nosniff", path);
    assert.equal(h["Referrer-Policy"], "no-referrer", path);
    assert.equal(h["Cross-Origin-Opener-Policy"], "same-origin", path);
    for (const feature of ["camera", "microphone", "geolocation"]) {
      assert.match(h["Permissions-Policy"], new RegExp(`(^|, )${feature}=\\(\\)`), path);
    }
  }
});

/** What the framed assessment shows to the page around it: its heading, or nothing. */
async function framedHeading(target) {
  other = await framingSite(target);
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = [];
  page.on("console", (m) => /frame/i.test(m.text()) && refused.push(m.text()));
  await page.goto(other.url, { waitUntil: "load" });
  const frame = page.frames().find((f) => f !== page.mainFrame());
  // The assessment's own page holds the app; a refused frame holds the browser's error page.
  let heading = null;
  try {
    heading = await frame.locator("#app h1, main h1").first().textContent({ timeout: 3000 });
  } catch {
    heading = null;
  }
  const url = frame.url();
  const app = await frame.locator("#app").count().catch(() => 0);
  await context.close();
  await other.close();
  other = null;
  return { heading, url, app, refused };
}

test("a page on another origin cannot frame the self-assessment", async () => {
  // Without the headers the frame loads: the check below could fail.
  const open = await framedHeading(`${plain.url}/assessment/`);
  assert.ok(open.heading && open.app === 1, "the control: a plain server lets the assessment be framed");
  assert.ok(open.url.startsWith(plain.url), open.url);
  const guarded = await framedHeading(`${host.url}/assessment/`);
  assert.equal(guarded.app, 0, `the framed page holds the app: ${guarded.heading}`);
  assert.notEqual(guarded.heading, open.heading);
  assert.ok(!guarded.url.startsWith(host.url), `the frame loaded ${guarded.url}`);
});

test("the self-assessment and search still work under the header policy", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const response = await page.goto(`${host.url}/assessment/`, { waitUntil: "load" });
  assert.match(response.headers()["content-security-policy"], /frame-ancestors 'none'/);
  await page.getByRole("button", { name: "Start now" }).waitFor({ timeout: 10000 });
  // Search fetches its index: allowed by the header, as by the search page's own policy.
  await page.goto(`${host.url}/search/?q=housing`, { waitUntil: "load" });
  await page.locator(".search__result").first().waitFor({ timeout: 10000 });
  assert.deepEqual(errors, []);
  await context.close();
});
