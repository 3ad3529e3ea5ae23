// Every page of a built site, in Debian's Chromium: axe-core (WCAG 2.2 A and AA) in light and
// dark mode, no request outside the site, no cookie or storage, a strict CSP with no
// violation, a working skip link, focus in DOM order, and reflow at 320 px (400% zoom).
//
// SITE_DIR names the built site (tests/run builds it). Pages are served from 127.0.0.1 only.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve, htmlPages, launchOptions, axeViolations } from "./support.mjs";

const siteDir = process.env.SITE_DIR;
assert.ok(siteDir, "set SITE_DIR to the built site");
const pages = htmlPages(siteDir);

let server;
let browser;

before(async () => {
  server = await serve(siteDir);
  browser = await chromium.launch(launchOptions());
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Open a page in a fresh context, recording every request and CSP violation. */
async function open(path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests = [];
  const failures = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(server.url + path, { waitUntil: "load" });
  return { context, page, requests, failures };
}


test("the site has pages to test", () => {
  assert.ok(pages.length > 0, `no pages found in ${siteDir}`);
});

for (const path of pages) {
  test(`page ${path}`, async () => {
    const { context, page, requests, failures } = await open(path);
    try {
      // Accessibility, light then dark.
      assert.deepEqual(await axeViolations(page), [], "axe, light mode");
      await page.emulateMedia({ colorScheme: "dark" });
      assert.deepEqual(await axeViolations(page), [], "axe, dark mode");
      await page.emulateMedia({ colorScheme: "light" });

      // Privacy: nothing from elsewhere, nothing kept.
      const outside = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:"));
      assert.deepEqual(outside, [], "requests outside the site");
      assert.deepEqual(failures, [], "failed requests");
      assert.deepEqual(await context.cookies(), [], "cookies");
      const stored = await page.evaluate(async () => ({
        local: localStorage.length,
        session: sessionStorage.length,
        idb: (await indexedDB.databases()).length,
      }));
      assert.deepEqual(stored, { local: 0, session: 0, idb: 0 }, "storage");

      // The policy is there, strict, and nothing on the page breaks it.
      const csp = await page.evaluate(
        () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? "",
      );
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "CSP violations");
      const inline = await page.evaluate(() => ({
        // Data blocks (type="application/json") never run; anything else inline would.
        scripts: [...document.scripts].filter((s) => !s.src && s.type !== "application/json").length,
        styles: document.querySelectorAll("style, [style]").length,
      }));
      assert.deepEqual(inline, { scripts: 0, styles: 0 }, "inline script or style");

      // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => ({
        cls: document.activeElement.className,
        visible: document.activeElement.getBoundingClientRect().left >= 0,
      }));
      assert.deepEqual(first, { cls: "skip-link", visible: true }, "first Tab stop");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement.id), "main", "skip link target");

      // Focus follows the order of the page.
      await page.goto(server.url + path); // a fresh start: no #main fragment to begin from
      const order = await page.evaluate(() =>
        [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")]
          .filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0)
          .slice(0, 12)
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      for (const [i, expected] of order.entries()) {
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80));
        assert.equal(focused, expected, `Tab stop ${i + 1}`);
      }

      // Reflow: at 320 CSS pixels wide (1280 at 400% zoom) nothing scrolls sideways.
      await page.setViewportSize({ width: 320, height: 640 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 320px`);
    } finally {
      await context.close();
    }
  });
}

test("pages read and navigate without JavaScript", async () => {
  const { context, page } = await open("/", { javaScriptEnabled: false });
  try {
    assert.ok(await page.locator("h1").count());
    const links = await page.locator("nav a").count();
    assert.ok(links >= 5, `only ${links} navigation links`);
    await page.locator("nav a").first().click();
    assert.ok((await page.locator("main h1").textContent()).length > 0);
  } finally {
    await context.close();
  }
});

test("an easy-read page and its standard twin link to each other", async () => {
  const easy = pages.find((p) => p.endsWith("/easy-read/"));
  assert.ok(easy, "no easy-read page");
  const { context, page } = await open(easy);
  try {
    assert.ok(await page.locator("body.easy-read .idea__picture svg").count());
    await page.getByRole("link", { name: "Read the standard version" }).click();
    await page.getByRole("link", { name: "Read the easy read version" }).click();
    assert.equal(new URL(page.url()).pathname, easy);
  } finally {
    await context.close();
  }
});

test("the checks themselves catch a bad page", async () => {
  // A page with known faults, served the same way: if these pass, the checks above are blind.
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "throughcare-bad-"));
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>x</title></head>
     <body><img src="a.png"><p style="color:#aaa">faint</p><script>localStorage.setItem("k","v")</script></body></html>`,
  );
  const bad = await serve(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  page.on("console", (m) => violations.push(m.text()));
  await page.goto(bad.url + "/");
  const ids = (await axeViolations(page)).map((v) => v.split(" ")[0]);
  assert.ok(ids.includes("image-alt") && ids.includes("html-has-lang"), `axe found only ${ids}`);
  assert.ok(violations.some((t) => t.includes("Content Security Policy")), "CSP blocked the inline script");
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await context.close();
  await bad.close();
});

test("Listen reads the page aloud where the browser has voices, and is absent where not", async () => {
  const path = pages.find((p) => p.endsWith("/housing/easy-read/")) ?? pages[0];
  // Without voices (as headless Chromium here), there is no button and nothing breaks.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.speechSynthesis.getVoices = () => [];
    });
    await page.goto(server.url + path);
    assert.equal(await page.getByRole("button", { name: "Listen to this page" }).count(), 0);
    await context.close();
  }
  // With a voice, the button reads the main text.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__spoken = [];
    window.speechSynthesis.getVoices = () => [{ name: "test", lang: "en-GB" }];
    window.speechSynthesis.speak = (u) => window.__spoken.push(u.text);
  });
  await page.goto(server.url + path);
  await page.getByRole("button", { name: "Listen to this page" }).click();
  const spoken = await page.evaluate(() => window.__spoken);
  const title = (await page.locator("main h1").textContent()).trim();
  assert.equal(spoken.length, 1);
  assert.ok(spoken[0].startsWith(title), `reads from the title: ${spoken[0].slice(0, 80)}`);
  assert.ok(!spoken[0].includes("Skip to main content") && !spoken[0].includes("Get help"), "reads the main text only");
  await context.close();
});
