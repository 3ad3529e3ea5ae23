// A cheap phone's first screen (412 x 823, as Lighthouse's Moto G Power): on one page of every
// type, in both reading levels, the page's own heading is on the first screen, nothing moves
// while the page loads (cumulative layout shift at most 0.01, the web font and the
// self-assessment's start included), and the folded menu and help work by keyboard and
// without JavaScript.
//
// SITE_DIR names a web build of the site (tests/run builds it).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { chromium } from "playwright-core";
import { serve, launchOptions } from "./support.mjs";

const siteDir = process.env.SITE_DIR;
assert.ok(siteDir, "set SITE_DIR to the built site");

/** One page of each type, standard and easy read where the type has both. */
export const PAGE_TYPES = [
  "/",
  "/after-release/",
  "/after-release/housing/",
  "/after-release/housing/easy-read/",
  "/stories/",
  "/stories/on-remand/",
  "/about/glossary/",
  "/about/glossary/easy-read/",
  "/a-z/",
  "/search/",
  "/services/",
  "/services/samaritans/",
  "/services/easy-read/",
  "/packs/",
  "/packs/getting-ready/",
  "/assessment/",
  "/assessment/paper/",
];
const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

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

/** Layout shifts as the browser scores them (those not just after input), from the start. */
async function recordShifts(page) {
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.hadRecentInput) {
          window.__shifts.push({
            value: e.value,
            nodes: e.sources.map((s) => s.node?.outerHTML?.slice(0, 80) ?? "?"),
          });
        }
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

for (const path of PAGE_TYPES) {
  test(`phone: ${path} shows its heading on the first screen and does not move`, async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await recordShifts(page);
    // A slow connection: the fonts arrive late, after the first paint.
    await page.route("**/*.woff2", async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.goto(server.url + path, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    if (path === "/assessment/") {
      await page.getByRole("button", { name: "Start now" }).waitFor();
    }
    // Let late work (fonts, voices, the app) settle.
    await page.waitForTimeout(300);
    const h1 = await page.locator("h1").first().boundingBox();
    assert.ok(h1, `${path} has an h1`);
    assert.ok(h1.y >= 0 && h1.y + Math.min(h1.height, 40) <= 823, `${path}: the h1 starts at ${h1.y}px, below the first screen`);
    const shifts = await page.evaluate(() => window.__shifts);
    const cls = shifts.reduce((sum, s) => sum + s.value, 0);
    assert.ok(cls <= 0.01, `${path}: layout shift ${cls.toFixed(3)}:\n${JSON.stringify(shifts, null, 1)}`);
    await context.close();
  });
}

test("the web font is preloaded and used from the first paint on a quick connection", async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(server.url + "/after-release/housing/");
  await page.evaluate(() => document.fonts.ready);
  const loaded = await page.evaluate(() =>
    [...document.fonts].filter((f) => f.status === "loaded").map((f) => `${f.family} ${f.weight}`),
  );
  assert.ok(loaded.includes("Atkinson Hyperlegible 400"), `the web font is used: ${loaded}`);
  assert.ok(loaded.includes("Atkinson Hyperlegible 700"), `the bold web font is used: ${loaded}`);
  await context.close();
});

test("Polish letters have the web font too, and an English page loads only the Latin files", async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(server.url + "/after-release/housing/");
  await page.evaluate(() => document.fonts.ready);
  const fonts = () => page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name).filter((n) => n.endsWith(".woff2")));
  assert.deepEqual((await fonts()).filter((n) => n.includes("latin-ext")), [], "no Latin Extended file for English");
  // A paragraph in Polish (languages are coming; the font must be ready for them).
  const covered = await page.evaluate(async () => {
    const p = document.createElement("p");
    p.textContent = "Zażółć gęślą jaźń. Łódź.";
    document.querySelector("main").append(p);
    const faces = await document.fonts.load('400 16px "Atkinson Hyperlegible"', "ąęłńśźżć");
    const bold = await document.fonts.load('700 16px "Atkinson Hyperlegible"', "ąęłńśźżć");
    return [...faces, ...bold].map((f) => `${f.weight} ${f.status} ${f.unicodeRange.includes("U+100-2BA") || f.unicodeRange.includes("U+0100-02BA")}`);
  });
  assert.ok(covered.includes("400 loaded true") && covered.includes("700 loaded true"), `Latin Extended faces: ${covered}`);
  assert.ok(await page.evaluate(() => document.fonts.check('16px "Atkinson Hyperlegible"', "Zażółć gęślą jaźń")));
  assert.equal((await fonts()).filter((n) => n.includes("latin-ext")).length, 2, "the two Latin Extended files, once asked for");
  await context.close();
});

test("phone: the menu and the rest of the help open by keyboard, and without JavaScript", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(server.url + "/after-release/housing/");
    const nav = page.getByRole("navigation", { name: "Main" });
    const stories = nav.getByRole("link", { name: "Stories" });
    assert.equal(await stories.isVisible(), false, "the menu starts folded on a phone");
    // The crisis lines are always shown; the others are behind "More help".
    const help = page.getByRole("complementary", { name: "Get help" });
    assert.ok(await help.getByRole("link", { name: "999" }).isVisible());
    assert.ok(await help.getByRole("link", { name: "116 123" }).isVisible());
    assert.equal(await help.getByRole("link", { name: "0800 83 85 87" }).isVisible(), false);
    // Keyboard only: Tab from the site's name to Menu, Enter opens it, Tab reaches the links.
    await page.locator(".site-header__name").focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Menu");
    await page.keyboard.press("Enter");
    assert.ok(await stories.isVisible(), "Enter on Menu shows the links");
    await page.keyboard.press("Tab");
    assert.equal(
      await page.evaluate(() => document.activeElement.closest("nav")?.getAttribute("aria-label")),
      "Main",
      "Tab after Menu goes into the links",
    );
    await help.getByText("More help").focus();
    await page.keyboard.press("Enter");
    assert.ok(await help.getByRole("link", { name: "0800 83 85 87" }).isVisible(), "More help opens");
    await context.close();
  }
});

test("wide screens show the menu and every help line open, with no Menu button", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url + "/after-release/housing/");
  assert.ok(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Stories" }).isVisible());
  assert.equal(await page.getByText("Menu", { exact: true }).isVisible(), false);
  assert.ok(await page.getByRole("link", { name: "0800 254 0088" }).isVisible());
  assert.equal(await page.getByText("More help", { exact: true }).isVisible(), false);
  await context.close();
});

// The self-assessment page's own bytes (its HTML with the questionnaire, and the script with
// the wasm; not the stylesheet and fonts every page shares), brotli as a host serves them, in
// each language it is written in: at most 80 KB (README, Performance).
const ASSESSMENT_BYTES_CEILING = 80 * 1024;

test("the self-assessment page's own bytes stay under 80 KB, in every language", () => {
  const br = (file) =>
    brotliCompressSync(readFileSync(join(siteDir, file)), {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
  for (const page of ["assessment/index.html", "pl/assessment/index.html"]) {
    const bytes = br(page) + br("js/assessment.js");
    assert.ok(
      bytes <= ASSESSMENT_BYTES_CEILING,
      `${page} is ${(bytes / 1024).toFixed(1)} KB brotli, over its ceiling of ${ASSESSMENT_BYTES_CEILING / 1024} KB`,
    );
  }
});
