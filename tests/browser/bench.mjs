// A benchmark, not a test: how long the self-assessment takes to become usable in Chromium
// with the CPU slowed four times (like a low-cost tablet), served from 127.0.0.1.
// Prints the median of 7 loads. SITE_DIR names the built site.

import { chromium } from "playwright-core";
import { serve, launchOptions } from "./support.mjs";

const siteDir = process.env.SITE_DIR;
if (!siteDir) throw new Error("set SITE_DIR to the built site");
const RUNS = 7;
const server = await serve(siteDir);
const browser = await chromium.launch(launchOptions());
const times = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto(server.url + "/assessment/", { waitUntil: "commit" });
  // From the start of navigation to the moment the Start button can be pressed.
  await page.getByRole("button", { name: "Start now" }).waitFor();
  times.push(await page.evaluate(() => performance.now()));
  await context.close();
}
await browser.close();
await server.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(RUNS / 2)];
console.log(`self-assessment interactive, CPU slowed 4x: median ${Math.round(median)} ms over ${RUNS} loads (fastest ${Math.round(times[0])} ms, slowest ${Math.round(times[RUNS - 1])} ms)`);
