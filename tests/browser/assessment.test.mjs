// The self-assessment in Chromium: a whole run by keyboard with axe on every step, no
// storage and no request after load, the quick exit, the idle reset, answer codes, and the
// offline build opened from file://, and the paper version's length in print.
//
// SITE_DIR: the web build. OFFLINE_DIR: the same site built with --relative --idle-reset 31.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import jsQR from "jsqr";
import pngjs from "pngjs";
import { serve, launchOptions, axeViolations } from "./support.mjs";
const { PNG } = pngjs;
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
    assert.match(firstPriority, /^1\. (A place to live|Money|ID|Health|Your health|Drugs and drink)/i, `urgent areas first, got ${firstPriority}`);
    // The QR code reads back as the answer code, as a worker's phone would read it.
    const code = (await page.locator("#app .answer-code").textContent()).trim();
    const shot = PNG.sync.read(await page.locator(".qr svg").screenshot());
    const read = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    assert.equal(read?.data, code.replaceAll("-", ""), "the QR code holds the answer code");

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

test("Hide leaves at most one history entry, and Back then shows no answer", async () => {
  const { context, page } = await openAssessment(web);
  try {
    const before = await page.evaluate(() => history.length);
    await runByKeyboard(page);
    await page.getByRole("button", { name: "See your plan" }).click();
    await page.getByRole("heading", { level: 1, name: "Your plan" }).waitFor();
    assert.ok((await page.evaluate(() => history.length)) > before + 10, "each step is a history entry");
    await page.getByRole("button", { name: "Hide / start again" }).click();
    await page.getByRole("heading", { level: 1, name: "Check what you need before you leave" }).waitFor();
    await page.waitForFunction((n) => history.length <= n + 1, before, { timeout: 3000 });
    await page.goBack();
    await page.waitForTimeout(300);
    // What the page shows (its innerText), not the words the app carries in its data.
    const text = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(text, /Your plan|Check your answers|Not provided/, "Back after Hide shows no answers");
  } finally {
    await context.close();
  }
});

test("an answer code shows the same plan in a fresh page; a mistyped one is an error", async () => {
  const first = await openAssessment(web);
  let code, planText, answerRows;
  try {
    await runByKeyboard(first.page);
    answerRows = (await first.page.locator("#app .summary__row").allTextContents()).map((r) => r.replace(/Change your answer to: .*$/, "").replace(/Change$/, ""));
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
    assert.match(await page.locator("#app .hint").first().textContent(), /under “Your answer code”\./, "the hint's quotes are quotes");
    // What someone types is shown back as text, never as markup.
    const hostile = `<img src=x onerror="document.title='owned'">"'&`;
    await page.getByLabel("Enter an answer code").fill(hostile);
    await page.getByRole("button", { name: "Show the answers" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    assert.equal(await page.getByLabel("Enter an answer code").inputValue(), hostile, "kept as typed");
    assert.equal(await page.locator("#app img").count(), 0, "no element made from what was typed");
    assert.match(await page.title(), /^Error: /);
    const wrong = code.slice(0, -2) + (code.at(-2) === "7" ? "8" : "7") + code.at(-1);
    await page.getByLabel("Enter an answer code").fill(wrong);
    await page.getByRole("button", { name: "Show the answers" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    assert.match(await page.title(), /^Error: /);
    await axe(page, "code error");
    await page.getByLabel("Enter an answer code").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Show the answers" }).click();
    // The worker's view: what the person said, read-only, then the plan; Back between them.
    await page.getByRole("heading", { level: 1, name: "Check your answers" }).waitFor();
    await axe(page, "answers from a code");
    assert.deepEqual(await page.locator("#app .summary__row").allTextContents(), answerRows, "the same answers as the person gave");
    assert.equal(await page.getByRole("button", { name: /^Change your answer/ }).count(), 0, "read-only until someone chooses to change");
    await page.getByRole("button", { name: "See your plan" }).click();
    await page.getByRole("heading", { level: 1, name: "Your plan" }).waitFor();
    assert.deepEqual(await page.locator("#app section.panel").allTextContents(), planText);
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Check your answers" }).waitFor();
    await page.getByRole("button", { name: "Change answers" }).click();
    assert.ok((await page.getByRole("button", { name: /^Change your answer/ }).count()) > 10, "Change answers opens every answer to change");
    await page.goForward();
    await page.getByRole("heading", { level: 1, name: "Your plan" }).waitFor();
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

test("a question keeps what is chosen and typed through an error and a switch of easy read; Clear empties it", async () => {
  const { context, page, errors } = await openAssessment(web);
  try {
    await page.getByRole("button", { name: "Start now" }).click();
    const first = await heading(page);
    const weeks = page.locator("#leave-weeks");
    assert.equal(await weeks.isVisible(), false, "the weeks field shows only with its answer");
    await page.locator("input[type=radio][value=weeks]").check();
    await weeks.fill("soon");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "error-summary");
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.locator("#error-summary a").getAttribute("href"), "#leave-weeks");
    assert.equal(await weeks.inputValue(), "soon", "what was typed is kept");
    assert.equal(await weeks.getAttribute("aria-describedby"), "leave-weeks-error");
    assert.match(await page.locator("#leave-weeks-error").textContent(), /Error: Enter a number of weeks/);
    await axe(page, "question with an error");

    const toggle = page.getByRole("button", { name: /^Easy read: / });
    const pressed = await toggle.getAttribute("aria-pressed");
    await toggle.click();
    await page.waitForFunction((p) => document.querySelector("[aria-pressed]")?.getAttribute("aria-pressed") !== p, pressed);
    assert.ok(await page.locator("input[type=radio][value=weeks]").isChecked(), "the answer survives easy read");
    assert.equal(await weeks.inputValue(), "soon");

    await page.getByRole("button", { name: "Clear my answer" }).click();
    assert.equal(await page.locator("#app input[type=radio]:checked").count(), 0, "Clear my answer empties the choice");
    assert.equal(await weeks.isVisible(), false, "and hides its field");

    await page.locator("input[type=radio][value=weeks]").check();
    await weeks.fill("3");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForFunction((t) => document.querySelector("#app h1")?.textContent !== t, first);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector("#leave-weeks")?.value === "3");
    assert.ok(await page.locator("input[type=radio][value=weeks]").isChecked(), "Back shows the answer given");
    assert.equal(await page.locator("#error-summary").count(), 0, "and no old error");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a release date that has passed is refused kindly, not counted down to", async () => {
  const { context, page, errors } = await openAssessment(web);
  try {
    await page.getByRole("button", { name: "Start now" }).click();
    const first = await heading(page);
    const lastMonth = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
    await page.locator("input[type=radio][value=date]").check();
    await page.getByLabel("Date you leave", { exact: true }).fill(lastMonth);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForFunction(() => document.activeElement?.id === "error-summary");
    assert.equal(await heading(page), first, "still on the same question");
    assert.equal(await page.locator("#error-summary a").getAttribute("href"), "#leave-date");
    assert.match(await page.locator("#leave-date-error").textContent(), /Error: That date has passed/);
    assert.equal(await page.getByLabel("Date you leave", { exact: true }).inputValue(), lastMonth, "what was typed is kept");
    await axe(page, "a release date that has passed");
    assert.deepEqual(errors, []);
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

/** The questionnaire the app is given, read from the built page as the app reads it. */
function questionnaire() {
  const html = readFileSync(join(siteDir, "assessment", "index.html"), "utf8");
  const json = html.split('<script type="application/json" id="assessment-data">')[1].split("</script>")[0];
  return JSON.parse(json).questionnaire;
}

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree above them). */
function pdfPages(pdf) {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

const PAPER_PAGES = 12;

test(`the paper version prints on at most ${PAPER_PAGES} A4 pages and loses no question, answer or council area`, async () => {
  const q = questionnaire();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(web.url + "/assessment/paper/", { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    const pages = pdfPages(pdf);
    assert.ok(pages > 1, `counted ${pages} pages`);
    assert.ok(pages <= PAPER_PAGES, `the paper version prints on ${pages} A4 pages (at most ${PAPER_PAGES})`);
    // Every question, each with every one of its answers, in the order the app asks them.
    const headings = await page.locator("h3.paper__text").evaluateAll((hs) => hs.map((h) => h.id));
    assert.deepEqual(headings, q.questions.map((x) => `q-${x.id}`));
    for (const question of q.questions) {
      const text = (await page.locator(`section[aria-labelledby="q-${question.id}"]`).textContent()).replace(/\s+/g, " ");
      for (const option of question.options) assert.ok(text.includes(option.easy), `"${option.easy}" is missing from ${question.id}`);
    }
    // The council areas are written in, and every one of them is still on the page to copy.
    const council = q.questions.find((x) => x.kind === "council");
    assert.ok(council.options.length > 30, "the 32 council areas");
    const all = (await page.locator("main").textContent()).replace(/\s+/g, " ");
    for (const area of council.options) assert.ok(all.includes(area.easy), `${area.easy} is missing`);
    assert.ok(await page.locator(".paper__write-in").isVisible(), "a line to write the council area on");
    assert.ok(await page.locator("table.plan-table").count(), "the plan table");
    await axe(page, "paper version");
    // In print, too, nothing is hidden: the same questions, every picture beside its question.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("h3.paper__text:visible").count(), q.questions.length);
    assert.equal(await page.locator(".paper__question .idea__picture svg:visible").count(), q.questions.length);
    await axe(page, "paper version, print styles");
  } finally {
    await context.close();
  }
});

/** The next Saturday at least five weeks away, as YYYY-MM-DD and as the plan says its Friday. */
function saturdayAhead() {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 35);
  while (day.getUTCDay() !== 6) day.setUTCDate(day.getUTCDate() + 1);
  const iso = (d) => d.toISOString().slice(0, 10);
  const friday = new Date(day);
  friday.setUTCDate(friday.getUTCDate() - 1);
  return { saturday: iso(day), friday };
}

test("a Saturday release date is said back kindly and the plan counts from the Friday; the chart names its spokes", async () => {
  const { context, page } = await openAssessment(web);
  try {
    const { saturday, friday } = saturdayAhead();
    await page.getByRole("button", { name: "Start now" }).click();
    await page.locator("input[type=radio][value=date]").check();
    await page.getByLabel("Date you leave", { exact: true }).fill(saturday);
    await page.getByRole("button", { name: "Continue" }).click();
    // Going home to family, not sure for how long; no children.
    for (let step = 0; step < 40; step++) {
      await page.waitForFunction(() => document.activeElement?.tagName === "H1");
      const title = await heading(page);
      if (title === "Check your answers") break;
      const pick = /safe place to live/.test(title) ? "Yes, with family or friends"
        : /as long as you need/.test(title) ? "Only for a short time"
        : /children/i.test(title) ? "No" : null;
      // Otherwise the first answer (mostly "going well"), and nothing about phones.
      if (pick) await page.getByLabel(pick, { exact: true }).check();
      else if (!/phone|internet/i.test(title)) await page.locator("#app input[type=radio]").first().check();
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForFunction((t) => document.querySelector("#app h1")?.textContent !== t, title);
    }
    assert.equal(await heading(page), "Check your answers");
    const review = await page.locator("#app .summary").textContent();
    assert.doesNotMatch(review, /asked the council/, "not asked of someone going home to family");
    await page.getByRole("button", { name: "See your plan" }).click();
    await page.getByRole("heading", { level: 1, name: "Your plan" }).waitFor();
    const said = await page.locator("#release-day").textContent();
    const long = (d) => d.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).replace(",", "");
    assert.match(said, new RegExp(`^You said Saturday .*You will most likely leave on ${long(friday)}\\.`), said);
    assert.match(await page.locator("#release-notes").textContent(), /not let out on a Saturday/);
    const plan = await page.locator("#app").textContent();
    assert.doesNotMatch(plan, /Help needed now/, "family and not asking the council is not an emergency");
    // The chart: named spokes only for areas the answers score; the table has every area in
    // the check-answers page's words.
    const labels = await page.locator(".chart .chart__label").allTextContents();
    assert.ok(labels.length >= 1 && labels.every((l) => /^[A-Z][A-Za-z ,]+$/.test(l)), `spokes are named: ${labels}`);
    assert.ok(!labels.includes("Children"), "an area that does not apply is not drawn");
    const rows = await page.locator(".chart + .plan-table tbody tr, #app table.plan-table:last-of-type tbody tr").allTextContents();
    assert.ok(rows.some((r) => /Children.*Does not apply to you/.test(r)), `children row: ${rows}`);
    assert.ok(rows.some((r) => /Not provided/.test(r)), "skipped areas say Not provided, as the review does");
    await axe(page, "plan with a moved release day");
  } finally {
    await context.close();
  }
});
