// Lighthouse, mobile (its defaults: a Moto G Power screen, slow 4G and the CPU slowed four
// times, simulated), against a local build served on 127.0.0.1 as a host would serve it: the
// site's `_headers` applied and text compressed with brotli. One page of each type.
// Prints a table of scores, CLS and total blocking time, and exits non-zero when a page's
// CLS is over 0.01, Lighthouse could not measure it, or a score is under MIN_SCORE (default 0).
//
// SITE_DIR names the built site (a web build). CHROMIUM overrides /usr/bin/chromium.

import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
// The browser tests' server and Chromium flags (tests/browser must have run `npm ci`).
import { serveWithHeaders, launchOptions } from "../browser/support.mjs";

export const PAGE_TYPES = [
  ["home", "/"],
  ["section", "/after-release/"],
  ["information page", "/after-release/housing/"],
  ["easy-read page", "/after-release/housing/easy-read/"],
  ["story", "/stories/on-remand/"],
  ["stories index", "/stories/"],
  ["glossary", "/about/glossary/"],
  ["A to Z", "/a-z/"],
  ["search", "/search/"],
  ["services index", "/services/"],
  ["a service", "/services/samaritans/"],
  ["packs index", "/packs/"],
  ["a pack", "/packs/getting-ready/"],
  ["self-assessment", "/assessment/"],
  ["paper version", "/assessment/paper/"],
];

const siteDir = process.env.SITE_DIR;
if (!siteDir) throw new Error("set SITE_DIR to a web build of the site");
const minScore = Number(process.env.MIN_SCORE ?? 0);
const only = process.env.ONLY; // a page type, to measure one
const server = await serveWithHeaders(siteDir, { brotli: true });
const { executablePath, args } = launchOptions();
const chrome = await chromeLauncher.launch({ chromePath: executablePath, chromeFlags: ["--headless", ...args] });
const rows = [];
let failed = false;
try {
  for (const [kind, path] of PAGE_TYPES) {
    if (only && kind !== only) continue;
    // Lighthouse sometimes fails to record a trace (NO_NAVSTART) in a long run: try again.
    let lhr;
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await lighthouse(server.url + path, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
      });
      lhr = result.lhr;
      if (!lhr.runtimeError) break;
    }
    if (lhr.runtimeError) console.error(`${kind}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    for (const w of lhr.runWarnings ?? []) console.error(`${kind}: ${w}`);
    const score = (id) => Math.round((lhr.categories[id].score ?? 0) * 100);
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    const row = {
      kind,
      path,
      performance: score("performance"),
      accessibility: score("accessibility"),
      bestPractices: score("best-practices"),
      seo: score("seo"),
      cls: audit("cumulative-layout-shift"),
      tbt: audit("total-blocking-time"),
      lcp: audit("largest-contentful-paint"),
      tti: audit("interactive"),
    };
    rows.push(row);
    const low = Object.entries(lhr.categories)
      .filter(([, c]) => (c.score ?? 0) < 1)
      .flatMap(([, c]) => c.auditRefs)
      .map((r) => lhr.audits[r.id])
      .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
      .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
    if (lhr.runtimeError || !(row.cls <= 0.01) || Math.min(row.performance, row.accessibility, row.bestPractices, row.seo) < minScore) {
      failed = true;
    }
    if (low.length && process.env.VERBOSE) console.error(`${kind}: ${low.join(", ")}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}

console.log("| page | path | performance | accessibility | best practices | SEO | CLS | TBT | LCP | TTI |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.kind} | \`${r.path}\` | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.cls.toFixed(3)} | ${Math.round(r.tbt)} ms | ${(r.lcp / 1000).toFixed(1)} s | ${(r.tti / 1000).toFixed(1)} s |`,
  );
}
if (failed) {
  console.error(`A page's CLS is over 0.01 or a score is under ${minScore}.`);
  process.exit(1);
}
