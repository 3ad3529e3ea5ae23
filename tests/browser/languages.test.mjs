// Pages in Polish and Scottish Gaelic, in Debian's Chromium: each says its language, lists
// only the languages it really has (by their own names), is reached and left by keyboard, and
// carries no English template strings; a draft translation says so in both languages.
// (site.test.mjs runs axe, the CSP checks and reflow on every page, translated ones included.)
//
// SITE_DIR names the built site; KIOSK_DIR a kiosk build (folder, relative links).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, launchOptions } from "./support.mjs";

const siteDir = process.env.SITE_DIR;
assert.ok(siteDir, "set SITE_DIR to the built site");
const kioskDir = process.env.KIOSK_DIR;

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

async function open(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + path, { waitUntil: "load" });
  return { context, page };
}

const lang = (page) => page.evaluate(() => document.documentElement.lang);
const switchLinks = (page) =>
  page.locator("nav.languages a").evaluateAll((as) =>
    as.map((a) => ({ text: a.textContent.trim(), lang: a.lang, hreflang: a.hreflang })),
  );

test("the home page exists in English, Polish and Gaelic, each saying its language", async () => {
  for (const [path, code, others] of [
    ["/", "en", ["Gàidhlig", "Polski"]],
    ["/pl/", "pl", ["English", "Gàidhlig"]],
    ["/gd/", "gd", ["English", "Polski"]],
  ]) {
    const { context, page } = await open(path);
    assert.equal(await lang(page), code, path);
    const alternates = await page
      .locator('link[rel="alternate"][hreflang]')
      .evaluateAll((ls) => ls.map((l) => l.hreflang).sort());
    assert.deepEqual(alternates, ["en", "gd", "pl"], `${path}: hreflang alternates`);
    const links = await switchLinks(page);
    assert.deepEqual(links.map((l) => l.text), others, `${path}: the switch names the others`);
    for (const l of links) assert.equal(l.lang, l.hreflang, "each name is marked as its language");
    await context.close();
  }
});

test("the switch lists only the languages a page has", async () => {
  // The day of release is in English and Polish; no Gaelic version, so no Gaelic link.
  const { context, page } = await open("/day-of-release/id/");
  assert.deepEqual((await switchLinks(page)).map((l) => l.text), ["Polski"]);
  await context.close();
  // A page with no translation has no switch at all.
  const other = await open("/families/");
  assert.equal(await other.page.locator("nav.languages").count(), 0);
  assert.equal(await other.page.locator('link[rel="alternate"][hreflang]').count(), 0);
  await other.context.close();
});

test("the language switch works by keyboard, there and back", async () => {
  const { context, page } = await open("/day-of-release/id/");
  // Tab from the top of the page until the Polish link has focus, then press Enter.
  let found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement.textContent.trim() === "Polski");
  }
  assert.ok(found, "Tab reaches the Polish link within 10 stops");
  const visible = await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.width >= 44 && r.height >= 44;
  });
  assert.ok(visible, "the link is a 44 px target");
  await Promise.all([page.waitForURL(/\/pl\/day-of-release\/id\/$/), page.keyboard.press("Enter")]);
  assert.equal(await lang(page), "pl");
  assert.match(await page.locator("main h1").textContent(), /[ąćęłńóśźż]|Dokument|dowód/i);
  found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement.textContent.trim() === "English");
  }
  assert.ok(found, "Tab reaches the English link");
  await Promise.all([page.waitForURL(/\/day-of-release\/id\/$/), page.keyboard.press("Enter")]);
  assert.equal(await lang(page), "en");
  await context.close();
});

test("a translated page has no English template strings, and says it is a draft in both languages", async () => {
  const english = [
    "Skip to main content",
    "Get help",
    "More help",
    "About this site",
    "Words explained",
    "This site sets no cookies",
    "Read the easy read version",
    "About this information",
    "We check this page is still right",
  ];
  for (const path of ["/pl/day-of-release/id/", "/gd/about/service-definition/", "/pl/after-release/in-crisis/"]) {
    const { context, page } = await open(path);
    const text = await page.evaluate(() => document.body.innerText);
    for (const s of english) assert.ok(!text.includes(s), `${path} still says "${s}"`);
    const notes = await page
      .locator("main .notice p")
      .evaluateAll((ps) => ps.map((p) => ({ lang: p.lang, text: p.textContent })));
    assert.ok(notes.some((n) => n.lang === "" && n.text.length > 20), `${path}: a draft notice in its language`);
    assert.ok(notes.some((n) => n.lang === "en" && /draft translation/.test(n.text)), `${path}: and in English`);
    // Dates in the page's language: no English month names.
    assert.doesNotMatch(text, /\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/);
    await context.close();
  }
});

test("the Polish paper self-assessment is in Polish", async () => {
  const { context, page } = await open("/pl/assessment/paper/");
  assert.equal(await lang(page), "pl");
  const parts = await page.locator("h2.paper__part").allTextContents();
  assert.ok(parts.some((p) => p.startsWith("Część 1 z ")), parts.join(" | "));
  assert.ok((await page.locator("h3.paper__text").first().textContent()).length > 0);
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(!text.includes("Tick one box"), "no English instructions");
  await context.close();
});

test("a kiosk build carries its languages, and the switch works from its folder", { skip: !kioskDir }, async () => {
  assert.ok(existsSync(join(kioskDir, "pl", "index.html")), "Polish pages in the kiosk build");
  assert.ok(existsSync(join(kioskDir, "gd", "index.html")), "Gaelic pages in the kiosk build");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("file://" + join(kioskDir, "day-of-release", "id", "index.html"));
  await page.locator("nav.languages a", { hasText: "Polski" }).click();
  assert.equal(await lang(page), "pl");
  assert.match(page.url(), /\/pl\/day-of-release\/id\/(index\.html)?$/);
  await context.close();
});
