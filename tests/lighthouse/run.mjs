// Lighthouse, mobile (its defaults: a Moto G Power screen, slow 4G and the CPU slowed four
// times, simulated), against a local build served on 127.0.0.1 as a host would serve it: the
// site's `_headers` applied and text compressed with brotli. One page of each type.
// Prints a table of scores, CLS and total blocking time, and exits non-zero when a page's
// CLS is over 0.01, Lighthouse could not measure it, or a score is under MIN_SCORE (default 0).
//
// SITE_DIR names the built site (a web build). CHROMIUM overrides /usr/bin/chromium.

import { createServer } from "node:http";
import { readFileSync, existsSync, statSync } from "node:fs";
import { join, extname, normalize, sep } from "node:path";
import { brotliCompressSync } from "node:zlib";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

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

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
  ".wasm": "application/wasm",
};
const COMPRESSIBLE = new Set([".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"]);

/** The headers `_headers` (Netlify's format) gives `path`. */
function headersFor(rules, path) {
  const headers = {};
  let applies = false;
  for (const line of rules.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*");
      applies = new RegExp(`^${pattern}$`).test(path);
    } else if (applies) {
      const at = line.indexOf(":");
      if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return headers;
}

/** Compressed once per file: brotli at its highest quality takes seconds on the app's script. */
const compressed = new Map();

function serve(dir) {
  const rules = existsSync(join(dir, "_headers")) ? readFileSync(join(dir, "_headers"), "utf8") : "";
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir) + sep) && file !== normalize(dir)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
    let body = readFileSync(file);
    const headers = { ...headersFor(rules, path), "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" };
    if (COMPRESSIBLE.has(extname(file)) && /\bbr\b/.test(req.headers["accept-encoding"] ?? "")) {
      if (!compressed.has(file)) compressed.set(file, brotliCompressSync(body));
      body = compressed.get(file);
      headers["Content-Encoding"] = "br";
      headers["Vary"] = "Accept-Encoding";
    }
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) }),
    ),
  );
}

const siteDir = process.env.SITE_DIR;
if (!siteDir) throw new Error("set SITE_DIR to a web build of the site");
const minScore = Number(process.env.MIN_SCORE ?? 0);
const only = process.env.ONLY; // a page type, to measure one
const server = await serve(siteDir);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  chromeFlags: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
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

console.log("| page | path | performance | accessibility | best practices | SEO | CLS | TBT | LCP |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.kind} | \`${r.path}\` | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.cls.toFixed(3)} | ${Math.round(r.tbt)} ms | ${(r.lcp / 1000).toFixed(1)} s |`,
  );
}
if (failed) {
  console.error(`A page's CLS is over 0.01 or a score is under ${minScore}.`);
  process.exit(1);
}
