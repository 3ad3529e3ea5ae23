// Folder and kiosk builds, and search: the kiosk build crawled from file:// and from a local
// server (nothing requested outside it, no link out, axe clean, idle reset on); Pagefind
// search on the web build; the A to Z fallback from file://.
//
// SITE_DIR: the web build. OFFLINE_DIR: --relative. KIOSK_DIR: --kiosk barlinnie-sample.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, htmlPages, launchOptions, axeViolations } from "./support.mjs";
const { SITE_DIR: siteDir, OFFLINE_DIR: offlineDir, KIOSK_DIR: kioskDir } = process.env;
assert.ok(siteDir && offlineDir && kioskDir, "set SITE_DIR, OFFLINE_DIR and KIOSK_DIR");

let web, kiosk, browser;
before(async () => {
  web = await serve(siteDir);
  kiosk = await serve(kioskDir);
  browser = await chromium.launch(launchOptions());
});
after(async () => {
  await browser?.close();
  await web?.close();
  await kiosk?.close();
});

const kioskPages = htmlPages(kioskDir);

test("the kiosk build leaves out what the kiosk does not show", () => {
  assert.ok(kioskPages.length > 50, `${kioskPages.length} pages`);
  assert.ok(!kioskPages.some((p) => p.startsWith("/staff/")), "staff pages are not on this kiosk");
  assert.ok(!kioskPages.includes("/search/"), "search needs a server; the kiosk has the A to Z");
  const data = JSON.parse(readFileSync(join(kioskDir, "assessment/index.html"), "utf8").split('id="assessment-data">')[1].split("</script>")[0]);
  assert.equal(data.idle_reset_seconds, 120, "the kiosk's idle reset is on");
});

for (const [mode, base] of [["file://", () => "file://" + kioskDir], ["server", () => kiosk.url]]) {
  test(`kiosk pages from ${mode}: nothing from outside, no links out${mode === "file://" ? ", axe clean" : ""}`, async () => {
    const context = await browser.newContext();
    try {
      for (const path of kioskPages) {
        const page = await context.newPage();
        const outside = [];
        const root = base();
        page.on("request", (r) => {
          const url = r.url();
          if (!url.startsWith(root) && !url.startsWith("data:")) outside.push(url);
        });
        const url = mode === "file://" ? `${root}${path}index.html` : `${root}${path}`;
        const response = await page.goto(url);
        assert.ok(mode === "file://" || response.ok(), `${path}: ${response?.status()}`);
        assert.deepEqual(outside, [], `${path} requested something outside the build`);
        const links = await page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")));
        const out = links.filter((h) => /^(https?:|mailto:|tel:|\/\/|\/)/.test(h));
        assert.deepEqual(out, [], `${path} links out of the kiosk`);
        if (mode === "file://") {
          assert.deepEqual(await axeViolations(page), [], `axe on ${path}`);
        }
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
}

test("a kiosk's links work from the folder: home to a section to a page and its easy read", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`file://${kioskDir}/index.html`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "After release" }).click();
    await page.getByRole("link", { name: /^Housing/ }).first().click();
    await page.getByRole("link", { name: "Read the easy read version" }).click();
    assert.match(page.url(), /after-release\/housing\/easy-read\/index\.html$/);
  } finally {
    await context.close();
  }
});

test("search finds the page on the web build, easy read first when asked", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
  try {
    await page.goto(`${web.url}/search/`);
    await page.getByLabel("Search for").fill("Universal Credit");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator(".search__result").first().waitFor();
    const hrefs = await page.locator(".search__result > a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    assert.ok(hrefs.includes("/after-release/universal-credit-and-money/"), hrefs.join(" "));
    await page.getByLabel("Show easy read pages first").check();
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForFunction(() => document.querySelector(".search__result > a")?.href.includes("easy-read"));
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(violations, [], "search works under the page's CSP");
  } finally {
    await context.close();
  }
});

test("the A to Z works from file:// where search cannot", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`file://${offlineDir}/a-z/index.html`);
    const count = await page.locator(".a-z__list a").count();
    assert.ok(count > 80, `${count} pages listed`);
    await page.getByRole("link", { name: "If you are on remand", exact: true }).click();
    assert.match(page.url(), /before-release\/remand\/(easy-read\/)?index\.html$/);
    assert.ok((await page.locator("h1").textContent()).length > 0);
  } finally {
    await context.close();
  }
});
