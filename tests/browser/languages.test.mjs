// Pages in Polish and Scottish Gaelic, in Debian's Chromium: each says its language, lists
// only the languages it really has (by their own names), is reached and left by keyboard, and
// carries no English template strings; a draft translation says so in both languages.
// (site.test.mjs runs axe, the CSP checks and reflow on every page, translated ones included.)
// The self-assessment in Polish: every screen in Polish and axe-clean, an answer code made in
// one language opens the same plan in the other, and a kiosk's idle reset returns to its
// first language.
//
// SITE_DIR names the built site; OFFLINE_DIR the --relative build with --idle-reset 31;
// KIOSK_DIR a kiosk build (folder, relative links).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, launchOptions, axeViolations } from "./support.mjs";

const siteDir = process.env.SITE_DIR;
assert.ok(siteDir, "set SITE_DIR to the built site");
const kioskDir = process.env.KIOSK_DIR;
const offlineDir = process.env.OFFLINE_DIR;

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
    // hreflang alternates must be full addresses (Lighthouse's SEO audit, search engines'
    // rules): a site-relative build has none (the Zola fixture, with a full base_url, does).
    assert.equal(await page.locator('link[rel="alternate"][hreflang]').count(), 0, `${path}: hreflang alternates`);
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
  // (The Polish address ends as the English one does: wait until it is not the Polish one.)
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/pl/")), page.keyboard.press("Enter")]);
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

// The self-assessment in Polish.

/** A fresh page on the app at `url`, recording requests made after load and page errors; the
 * app has mounted when its start button is there. */
async function openApp(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const late = [];
  let loaded = false;
  page.on("request", (r) => loaded && !r.url().endsWith("/favicon.svg") && late.push(r.url()));
  await page.goto(url, { waitUntil: "load" });
  loaded = true;
  await page.locator("#app [data-action=start]").waitFor({ timeout: 10000 });
  return { context, page, late, errors };
}

/** Nothing kept and nothing sent, as assessment.test.mjs checks in English. */
async function assertPrivate({ context, page, late, errors }) {
  assert.deepEqual(await context.cookies(), []);
  const stored = await page.evaluate(async () => [localStorage.length, sessionStorage.length, (await indexedDB.databases()).length]);
  assert.deepEqual(stored, [0, 0, 0], "nothing stored");
  assert.deepEqual(late, [], "no request after load");
  assert.ok(!page.url().includes("?") && !page.url().includes("#"), `answers never go in the URL: ${page.url()}`);
  assert.deepEqual(errors, []);
}

/** The app's data on the page: its questionnaire and its words. */
const appData = (page) => page.evaluate(() => JSON.parse(document.getElementById("assessment-data").textContent));

/** Every English phrase the app can say (its words on the English page, cut at the places for
 * values): none of them may show on a page in another language. */
async function englishPhrases() {
  const { context, page } = await openApp(server.url + "/assessment/");
  const { words } = await appData(page);
  await context.close();
  return [
    ...new Set(
      words
        .flatMap((w) => w.split(/[|,]|\{[a-z_]+\}/))
        .map((w) => w.trim())
        .filter((w) => w.length >= 5 && !w.includes("Throughcare") && w !== "en-GB"),
    ),
  ];
}

/** What the page shows (not the data the app carries) has none of `phrases`. */
async function assertNoEnglish(page, phrases, where) {
  const text = await page.evaluate(() => document.body.innerText);
  const found = phrases.filter((p) => text.includes(p));
  assert.deepEqual(found, [], `${where} still says, in English`);
  assert.doesNotMatch(await page.title(), /\b(Check your answers|Your plan|Enter an answer code|Error|About you|Part \d)\b/, `${where}: title`);
}

/** Answer every question: the release question by `release` (weeks or a date), the others
 * by their second answer; ends on the check-answers page. Language-free: by ids and roles. */
async function answerAll(page, release, onQuestion = async () => {}) {
  await page.locator("#app [data-action=start]").click();
  for (let step = 0; step < 80; step++) {
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    if (await page.locator("#app dl.summary").count()) return;
    await onQuestion(step);
    if (await page.locator("#app input[value=weeks]").count()) {
      await page.locator(`#app input[value=${release.weeks ? "weeks" : "date"}]`).check();
      if (release.weeks) await page.locator("#leave-weeks").fill(String(release.weeks));
      else await page.locator("#leave-date").fill(release.date);
    } else {
      await page.locator("#app input[type=radio]").nth(1).check();
    }
    const heading = await page.locator("#app h1").textContent();
    await page.locator("#app button[type=submit]").click();
    await page.waitForFunction((t) => document.querySelector("#app h1")?.textContent !== t, heading);
  }
  assert.fail("never reached the check-answers page");
}

/** The plan's shape, language-free: each priority's area id and step ids (found through the
 * page's own questionnaire), the services, whether a release day is said, and how many areas
 * the standings table has. */
async function planShape(page) {
  const { questionnaire: q } = await appData(page);
  return page.evaluate((q) => {
    const area = (name) => q.areas.find((a) => a.easy === name || a.name === name)?.id;
    const step = (what) => q.steps.find((s) => s.easy === what || s.what === what)?.id;
    return {
      priorities: [...document.querySelectorAll("#app section.panel")].map((s) => ({
        area: area(s.querySelector("h3").textContent.replace(/^\d+\. /, "")),
        steps: [...s.querySelectorAll("tbody tr")].map((r) => step(r.cells[0].textContent)),
      })),
      services: [...document.querySelectorAll("#app .card__title")].map((t) => t.textContent),
      release: !!document.querySelector("#release-day"),
      standings: document.querySelectorAll("#app table.plan-table:last-of-type tbody tr").length,
    };
  }, q);
}

/** The "by when" column of every step. */
const byWhen = (page) => page.locator("#app section.panel tbody tr td:nth-child(4)").allTextContents();

const POLISH_MONTHS = /stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia/;
const ENGLISH_MONTHS = /January|February|March|April|May|June|July|August|September|October|November|December/;

/** Make a plan in the app at `url` and return its answer code and shape. */
async function makePlan(url, release) {
  const app = await openApp(url);
  const { page } = app;
  await answerAll(page, release);
  await page.locator("#app [data-action=plan]").click();
  await page.locator("#app .plan").waitFor();
  const result = {
    code: (await page.locator(".answer-code").textContent()).trim(),
    shape: await planShape(page),
    byWhen: await byWhen(page),
    title: await page.title(),
  };
  await assertPrivate(app);
  await app.context.close();
  return result;
}

/** Open the plan of `code` in the app at `url`: enter the code, then see the plan. */
async function openPlan(url, code) {
  const app = await openApp(url);
  const { page } = app;
  await page.locator("#app [data-action=enter-code]").click();
  await page.locator("#answer-code").fill(code);
  await page.locator("#app button[type=submit]").click();
  await page.locator("#app dl.summary").waitFor();
  await page.locator("#app [data-action=plan]").click();
  await page.locator("#app .plan").waitFor();
  return app;
}

/** A Wednesday about five weeks ahead, as a date field takes it. */
function wednesdayAhead() {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 35);
  while (day.getUTCDay() !== 3) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

test("an answer code is language-free: a plan made in Polish opens in English, and the other way round", async () => {
  // Made in Polish (release in weeks), opened in English.
  const polish = await makePlan(server.url + "/pl/assessment/", { weeks: 3 });
  assert.ok(polish.shape.priorities.length >= 3, "the answers make a plan with needs");
  assert.ok(polish.shape.priorities.every((p) => p.area && p.steps.every(Boolean)), "every area and step found by its words");
  assert.ok(polish.byWhen.some((w) => POLISH_MONTHS.test(w)), `Polish dates: ${polish.byWhen}`);
  assert.match(polish.title, /^Twój plan \| /);
  const english = await openPlan(server.url + "/assessment/", polish.code);
  try {
    assert.deepEqual(await planShape(english.page), polish.shape, "the same plan");
    assert.equal(await english.page.locator("#app h1").textContent(), "Your plan");
    assert.equal(await english.page.title(), "Your plan | Throughcare Scotland");
    const when = await byWhen(english.page);
    assert.ok(when.some((w) => ENGLISH_MONTHS.test(w)) && !when.some((w) => POLISH_MONTHS.test(w)), `English dates: ${when}`);
    assert.equal((await english.page.locator(".answer-code").textContent()).trim(), polish.code, "the same code");
    await assertPrivate(english);
  } finally {
    await english.context.close();
  }

  // Made in English (release on a date), opened in Polish.
  const made = await makePlan(server.url + "/assessment/", { date: wednesdayAhead() });
  const opened = await openPlan(server.url + "/pl/assessment/", made.code);
  try {
    assert.deepEqual(await planShape(opened.page), made.shape, "the same plan");
    assert.equal(await opened.page.locator("#app h1").textContent(), "Twój plan");
    assert.match(await opened.page.locator("#release-day").textContent(), POLISH_MONTHS);
    await assertNoEnglish(opened.page, await englishPhrases(), "the Polish plan from an English code");
    await assertPrivate(opened);
  } finally {
    await opened.context.close();
  }
});

test("the Polish self-assessment says everything in Polish, and every screen is axe-clean", async () => {
  const english = await englishPhrases();
  const app = await openApp(server.url + "/pl/assessment/");
  const { page } = app;
  const check = async (where) => {
    assert.equal(await lang(page), "pl");
    await assertNoEnglish(page, english, where);
    assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
    const title = await page.title();
    assert.ok(title.endsWith(" | Throughcare Scotland"), `${where}: title "${title}"`);
  };
  try {
    await check("the start page");
    assert.match(await page.title(), /^Sprawdź, czego potrzebujesz/);
    // A question, and the same with an error: its summary, message and title.
    let first = true;
    await answerAll(page, { weeks: 2 }, async () => {
      if (!first) return;
      first = false;
      // The title names the part and the question, as the heading does.
      const part = await page.locator("#app h1 .caption").textContent();
      const question = (await page.locator("#app h1").textContent()).slice(part.length);
      const title = await page.title();
      assert.ok(title.includes(part) && title.includes(question), `the question in the title "${title}"`);
      await check("a question");
      await page.locator("#app input[value=weeks]").check();
      await page.locator("#leave-weeks").fill("wkrótce");
      await page.locator("#app button[type=submit]").click();
      await page.locator("#error-summary").waitFor();
      assert.match(await page.title(), /^Błąd: /);
      assert.match(await page.locator("#leave-weeks-error").textContent(), /^Błąd: /);
      await check("a question with an error");
    });
    assert.equal(await page.locator("#app h1").textContent(), "Sprawdź swoje odpowiedzi");
    assert.match(await page.locator("#app dl.summary").textContent(), /Za około 2 tygodnie/, "weeks said in Polish, in the right form");
    await check("check your answers");
    await page.locator("#app [data-action=plan]").click();
    await page.locator("#app .plan").waitFor();
    await check("the plan");
    // Enter a code, wrongly: the error in Polish.
    await page.locator("#app [data-action=hide]").first().click();
    await page.locator("#app [data-action=enter-code]").click();
    await page.locator("#answer-code").waitFor();
    await check("enter an answer code");
    await page.locator("#answer-code").fill("1ABC-DEFG");
    await page.locator("#app button[type=submit]").click();
    await page.locator("#error-summary").waitFor();
    assert.match(await page.title(), /^Błąd: Wpisz kod odpowiedzi \| /);
    await check("an answer code with an error");
    await assertPrivate(app);
  } finally {
    await app.context.close();
  }
});

test("the Polish idle warning is in Polish and axe-clean", { skip: !offlineDir }, async () => {
  const app = await openApp("file://" + join(offlineDir, "pl", "assessment", "index.html"));
  const { page } = app;
  try {
    await page.locator("#app [data-action=start]").click();
    await page.locator("#app input[type=radio]").first().check();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor({ timeout: 5000 });
    assert.equal(await dialog.locator("h2").textContent(), "Jesteś tam jeszcze?");
    assert.match(await page.locator("#idle-count").textContent(), /^Zostało \d+ sekund$|^Zostały \d+ sekundy$/);
    await assertNoEnglish(page, await englishPhrases(), "the idle warning");
    assert.deepEqual(await axeViolations(page), [], "axe on the idle warning");
    assert.deepEqual(app.errors, []);
  } finally {
    await app.context.close();
  }
});

test("only a kiosk build says where its idle reset returns to", { skip: !kioskDir }, async () => {
  const embedded = (file) =>
    JSON.parse(readFileSync(file, "utf8").split('id="assessment-data">')[1].split("</script>")[0]);
  assert.equal(embedded(join(kioskDir, "pl", "assessment", "index.html")).return_to, "en", "the kiosk's first language");
  assert.equal(embedded(join(siteDir, "pl", "assessment", "index.html")).return_to, undefined, "not on the web");
});

test("a kiosk's idle reset on the Polish app returns to its first language, English", { skip: !kioskDir }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // The kiosk waits 120 seconds: a clock of the test's own makes that a moment.
    await page.clock.install();
    await page.goto("file://" + join(kioskDir, "pl", "assessment", "index.html"));
    await page.locator("#app [data-action=start]").waitFor({ timeout: 10000 });
    await page.locator("#app [data-action=start]").click();
    await page.locator("#app input[value=dont-know]").check();
    await page.locator("#app button[type=submit]").click();
    // Past the next question (drawn on the next frame), then past the reset at 120 seconds.
    await page.clock.runFor(1000);
    assert.equal(await page.locator("#app input[type=radio]:checked").count(), 0, "on the next question");
    await page.clock.runFor(125_000);
    await page.waitForURL((url) => !url.pathname.includes("/pl/"), { timeout: 10000 });
    assert.match(page.url(), /\/assessment\/index\.html$/, "the English page");
    await page.locator("#app [data-action=start]").waitFor({ timeout: 10000 });
    assert.equal(await lang(page), "en");
    assert.equal((await page.locator("#app h1").textContent()).trim(), "Check what you need before you leave");
    // Neither Back nor Forward brings the answers back: the Polish page starts afresh.
    for (const move of [() => page.goBack(), () => page.goForward()]) {
      await move().catch(() => {});
      await page.waitForTimeout(500);
      assert.equal(await page.locator("input[type=radio]:checked").count(), 0, page.url());
      assert.equal(await page.locator("#app dl.summary").count(), 0, page.url());
    }
  } finally {
    await context.close();
  }
});
