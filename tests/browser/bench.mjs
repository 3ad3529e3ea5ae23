// A benchmark, not a test: the self-assessment page's bytes by part, and how long the self-assessment takes to become usable in Chromium
// with the CPU slowed four times (like a low-cost tablet), served from 127.0.0.1.
// Prints the median of 7 loads. SITE_DIR names the built site.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { chromium } from "playwright-core";
import { serve, launchOptions } from "./support.mjs";

const siteDir = process.env.SITE_DIR;
if (!siteDir) throw new Error("set SITE_DIR to the built site");
const RUNS = 7;

// The self-assessment page's own bytes by part, brotli at quality 11 as a host would serve
// them (the stylesheet and fonts are shared with every page and cached, so not counted).
const br = (text) =>
  brotliCompressSync(Buffer.from(text, "utf8"), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const html = readFileSync(join(siteDir, "assessment/index.html"), "utf8");
const data = html.match(/<script type="application\/json" id="assessment-data">([\s\S]*?)<\/script>/)?.[1] ?? "";
const script = readFileSync(join(siteDir, "js/assessment.js"), "utf8");
const wasmAt = script.indexOf('var s = "');
const parts = [
  ["HTML without the data", html.replace(data, "")],
  ["questionnaire data (JSON in the page)", data],
  ["script: wasm-bindgen's loader", wasmAt > 0 ? script.slice(0, wasmAt) : script],
  ["script: the wasm (one character a byte)", wasmAt > 0 ? script.slice(wasmAt) : ""],
];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log("self-assessment page, own bytes, brotli:");
for (const [name, text] of parts) console.log(`  ${name}: ${kb(br(text))} (${kb(Buffer.byteLength(text))} raw)`);
console.log(`  total (page + script, each compressed whole): ${kb(br(html) + br(script))}`);
const polish = readFileSync(join(siteDir, "pl/assessment/index.html"), "utf8");
console.log(`  the Polish page, its HTML and data in Polish, the same script: ${kb(br(polish) + br(script))}`);

const server = await serve(siteDir);
const browser = await chromium.launch(launchOptions());
const times = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  // From the start of navigation to the moment the Start button is on the page (its click
  // handler is attached before it is): noted inside the page, so that the test driver's own
  // round trips on the slowed CPU are not counted.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector("#app [data-action=start]")) {
        performance.mark("start-button");
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(server.url + "/assessment/", { waitUntil: "commit" });
  await page.getByRole("button", { name: "Start now" }).waitFor();
  times.push(await page.evaluate(() => performance.getEntriesByName("start-button")[0].startTime));
  await context.close();
}
await browser.close();
await server.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(RUNS / 2)];
console.log(`self-assessment interactive, CPU slowed 4x: median ${Math.round(median)} ms over ${RUNS} loads (fastest ${Math.round(times[0])} ms, slowest ${Math.round(times[RUNS - 1])} ms)`);
