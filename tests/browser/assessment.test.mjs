// The self-assessment in Chromium: a whole run by keyboard with axe on every step, no
// storage and no request after load, the quick exit, the idle reset, answer codes, and the
// offline build opened from file://.
//
// SITE_DIR: the web build. OFFLINE_DIR: the same site built with --relative --idle-reset 31.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, launchOptions, axeViolations } from "./support.mjs";
const siteDir = process.env.SITE_DIR;
const offlineDir = process.env.OFFLINE_DIR;
assert.ok(siteDir && offlineDir, "set SITE_DIR and OFFLINE_DIR");

let web, offline, browser;

before(async () => {
  web = await serve(siteDir);
  offline = await serve(offlineDir);
  browser = await chromium.launch(launchOptions());
});

after(async () => {
  await browser?.close();
  await web?.close();
  await offline?.close();
});

async function axe(page, where) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
}

/** A fresh page on the assessment, recording requests made after the page loaded. */
async function openAssessment(base, { path = "/assessment/", url } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const late = [];
  let loaded = false;
  // The browser fetches the tab's icon by itself, sometimes after load; that is not the app.
  page.on("request", (r) => loaded && !r.url().endsWith("/favicon.svg") && late.push(r.url()));
  await page.goto(url ?? base.url + path, { waitUntil: "load" });
  loaded = true;
  // The app has mounted when its start button is there.
  await page.getByRole("button", { name: "Start now" }).waitFor({ timeout: 10000 });
  return { context, page, late, errors };
}

async function heading(page) {
  return (await page.locator("#app h1").textContent()).trim();
}

/** Press Tab until the focused element matches `css` (and has `text`); fails after 60. */
async function tabTo(page, css, text) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    const found = await page.evaluate(
      ([css, text]) => {
        const el = document.activeElement;
        return !!el?.matches(css) && (!text || el.textContent.trim() === text);
      },
      [css, text],
    );
    if (found) return;
  }
  assert.fail(`Tab never reached ${css} ${text ?? ""}`);
}

/** Answer every question by keyboard: the second option (a need, mostly); release in 1 week. */
async function runByKeyboard(page, { onEachStep } = {}) {
  await tabTo(page, "button", "Start now");
  await page.keyboard.press("Enter");
  const seen = [];
  for (let step = 0; step < 80; step++) {
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    const title = await heading(page);
    if (title === "Check your answers") return seen;
    seen.push(title);
    if (onEachStep) await onEachStep(title, step);
    await tabTo(page, "input[type=radio]");
    await page.keyboard.press("ArrowDown"); // moves to and selects the second option
    const chosen = await page.evaluate(() => document.activeElement.id);
    if (chosen.endsWith("-weeks")) {
      await tabTo(page, "#leave-weeks");
      await page.keyboard.type("1");
    }
    await tabTo(page, "button[type=submit]");
    await page.keyboard.press("Enter");
  }
  assert.fail("never reached Check your answers");
}

test("a whole run by keyboard: axe on every step, the plan, nothing stored or sent", async () => {
  const { context, page, late, errors } = await openAssessment(web);
  try {
    await axe(page, "start page");
    const titles = await runByKeyboard(page, {
      onEachStep: async (title, step) => {
        await axe(page, title);
        const docTitle = await page.title();
        assert.ok(docTitle.includes(title.split("?")[0].slice(0, 10)) || docTitle.includes("About you"), `title "${docTitle}"`);
      },
    });
    assert.ok(titles.some((t) => /^Part 3 of 13: /.test(t)), `progress shown in the heading: ${titles.slice(0, 8)}`);
    assert.equal(await heading(page), "Check your answers");
    await axe(page, "check your answers");
    await tabTo(page, "button", "See your plan");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#app h1")?.textContent === "Your plan");
    await axe(page, "plan");
    const plan = await page.locator("#app").textContent();
    assert.match(plan, /You leave soon/, "release in a week makes the plan urgent");
    assert.match(plan, /Upside/);
    assert.match(plan, /Families Outside/);
    const firstPriority = await page.locator("#app section.panel h3").first().textContent();
    assert.match(firstPriority, /^1\. (A place to live|Money|ID|Health|Your health)/i, `urgent areas first, got ${firstPriority}`);
    assert.ok(await page.locator(".qr svg").count(), "QR code");

    // Privacy: nothing kept, nothing sent after the page loaded.
    assert.deepEqual(await context.cookies(), []);
    const stored = await page.evaluate(async () => [localStorage.length, sessionStorage.length, (await indexedDB.databases()).length]);
    assert.deepEqual(stored, [0, 0, 0]);
    assert.deepEqual(late, [], "requests after load");
    assert.ok(!page.url().includes("?") && !page.url().includes("#"), `answers never go in the URL: ${page.url()}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("browser Back moves between steps; Change returns to the question", async () => {
  const { context, page } = await openAssessment(web);
  try {
    await page.getByRole("button", { name: "Start now" }).click();
    const first = await heading(page);
    await page.getByLabel("I don't know").check();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForFunction((t) => document.querySelector("#app h1")?.textContent !== t, first);
    await page.goBack();
    await page.waitForFunction((t) => document.querySelector("#app h1")?.textContent === t, first);
    assert.ok(await page.getByLabel("I don't know").isChecked(), "the answer is still there");
  } finally {
    await context.close();
  }
});

test("Hide / start again and the Shift key shortcut wipe every answer", async () => {
  const { context, page } = await openAssessment(web);
  try {
    for (const hide of [
      () => page.getByRole("button", { name: "Hide / start again" }).click(),
      async () => { for (let i = 0; i < 3; i++) await page.keyboard.press("Shift"); },
    ]) {
      await page.getByRole("button", { name: "Start now" }).click();
      await page.getByLabel("I don't know").check();
      await page.getByRole("button", { name: "Continue" }).click();
      await hide();
      await page.getByRole("heading", { level: 1, name: "Check what you need before you leave" }).waitFor();
      await page.getByRole("button", { name: "Start now" }).click();
      assert.equal(await page.locator("input[type=radio]:checked").count(), 0, "answers were wiped");
      await page.getByRole("button", { name: "Hide / start again" }).click();
    }
  } finally {
    await context.close();
  }
});

test("an answer code shows the same plan in a fresh page; a mistyped one is an error", async () => {
  const first = await openAssessment(web);
  let code, planText;
  try {
    await runByKeyboard(first.page);
    await first.page.getByRole("button", { name: "See your plan" }).click();
    code = (await first.page.locator(".answer-code").textContent()).trim();
    planText = await first.page.locator("#app section.panel").allTextContents();
  } finally {
    await first.context.close();
  }
  assert.match(code, /^[0-9A-Z*~$=]{1,4}(-[0-9A-Z*~$=]{1,4})+$/);

  const second = await openAssessment(web);
  try {
    const { page } = second;
    await page.getByRole("button", { name: "I have an answer code" }).click();
    const wrong = code.slice(0, -2) + (code.at(-2) === "7" ? "8" : "7") + code.at(-1);
    await page.getByLabel("Enter an answer code").fill(wrong);
    await page.getByRole("button", { name: "Show the plan" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    assert.match(await page.title(), /^Error: /);
    await axe(page, "code error");
    await page.getByLabel("Enter an answer code").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Show the plan" }).click();
    await page.getByRole("heading", { level: 1, name: "Your plan" }).waitFor();
    assert.deepEqual(await page.locator("#app section.panel").allTextContents(), planText);
  } finally {
    await second.context.close();
  }
});

test("the offline build works from file:// and warns before its idle reset", async () => {
  const url = "file://" + join(offlineDir, "assessment", "index.html");
  const { context, page, errors } = await openAssessment(null, { url });
  try {
    await page.getByRole("button", { name: "Start now" }).click();
    await page.getByLabel("I don't know").check();
    // The warning comes 30 seconds before the reset at 31 seconds idle, and can be dismissed.
    await page.getByRole("alertdialog").waitFor({ timeout: 5000 });
    await axe(page, "idle warning");
    // It counts down, visibly.
    const left = async () => Number((await page.locator(".dialog__count").textContent()).match(/(\d+) seconds left/)[1]);
    const first = await left();
    await page.waitForTimeout(2200);
    assert.ok((await left()) < first, "the time left counts down");
    // Any sign of the person keeps the answers: a letter, Tab, Escape, a pointer moving.
    const dialog = page.getByRole("alertdialog");
    for (const act of [() => page.keyboard.press("a"), () => page.keyboard.press("Tab"), () => page.keyboard.press("Escape"), async () => { await page.mouse.move(5, 5); await page.mouse.move(40, 60); }]) {
      await dialog.waitFor({ timeout: 5000 });
      await act();
      await dialog.waitFor({ state: "detached", timeout: 2000 });
      assert.ok(await page.getByLabel("I don't know").isChecked(), "activity keeps the answers");
    }
    await dialog.waitFor({ timeout: 5000 });
    await page.getByRole("button", { name: "I'm still here" }).click();
    assert.equal(await page.getByRole("alertdialog").count(), 0);
    assert.ok(await page.getByLabel("I don't know").isChecked(), "carrying on keeps the answers");
    // The warning's own buttons still do what they say, by keyboard too.
    await dialog.waitFor({ timeout: 5000 });
    await page.getByRole("button", { name: "Start again now" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Check what you need before you leave" }).waitFor({ timeout: 3000 });
    await page.getByRole("button", { name: "Start now" }).click();
    await page.getByLabel("I don't know").check();
    // Left alone, it starts again by itself.
    await page.getByRole("heading", { level: 1, name: "Check what you need before you leave" }).waitFor({ timeout: 40000 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("every field has its own label, and the answer code field shows a whole code", async () => {
  const { context, page } = await openAssessment(web);
  try {
    await page.getByRole("button", { name: "Start now" }).click();
    // Each input: an id no other element has, one label, and words in it.
    const unlabelled = () => page.evaluate(() => [...document.querySelectorAll("#app input")]
      .filter((i) => document.querySelectorAll("#" + CSS.escape(i.id)).length !== 1 || i.labels.length !== 1 || !i.labels[0].textContent.trim())
      .map((i) => i.id || i.outerHTML));
    for (const [option, label, attribute, value] of [["date", "Date you leave", "type", "date"], ["weeks", "Number of weeks", "inputmode", "numeric"]]) {
      await page.locator(`input[type=radio][value=${option}]`).check();
      assert.deepEqual(await unlabelled(), [], `with "${option}" chosen`);
      assert.equal(await page.getByLabel(label, { exact: true }).getAttribute(attribute), value, label);
    }
    // An answer code is 39 characters: all of them show at once, on a phone too.
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(web.url + "/assessment/");
      await page.getByRole("button", { name: "I have an answer code" }).click();
      const field = page.getByLabel("Enter an answer code");
      await field.fill("ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567-89AB");
      const { scroll, client } = await field.evaluate((i) => ({ scroll: i.scrollWidth, client: i.clientWidth }));
      assert.ok(scroll <= client, `at ${width} px the code is cut off (${scroll} > ${client})`);
    }
  } finally {
    await context.close();
  }
});

test("the web build has no idle reset", async () => {
  const { context, page } = await openAssessment(web);
  try {
    await page.getByRole("button", { name: "Start now" }).click();
    await page.waitForTimeout(2500);
    assert.equal(await page.getByRole("alertdialog").count(), 0);
  } finally {
    await context.close();
  }
});

test("without JavaScript the page points to the paper version", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(web.url + "/assessment/");
    assert.equal(await page.getByText("The questions are loading").isVisible(), false, "no promise of questions that cannot come");
    await page.getByRole("link", { name: /paper version/i }).click();
    await page.getByRole("heading", { level: 1, name: /paper version/i }).waitFor();
    assert.ok((await page.locator(".paper__question").count()) > 30);
    assert.ok(await page.locator("table.plan-table").count());
  } finally {
    await context.close();
  }
});
