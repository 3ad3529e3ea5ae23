// Shared by the browser tests: a static server on 127.0.0.1 and Chromium's launch options.

import { createServer } from "node:http";
import { createRequire } from "node:module";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, extname, normalize, sep } from "node:path";
import { brotliCompressSync } from "node:zlib";

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

/** Serve `dir` as a plain static server would: index.html for folders, and no special
 * headers unless `headersFor(path)` gives some. With `brotli`, text goes compressed to a
 * browser that accepts it, as a real host sends it (each file compressed once). */
export function serve(dir, headersFor = () => ({}), { brotli = false } = {}) {
  const compressed = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir) + sep) && file !== normalize(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
      return;
    }
    const headers = {
      ...headersFor(path),
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    };
    let body = readFileSync(file);
    if (brotli && COMPRESSIBLE.has(extname(file)) && /\bbr\b/.test(req.headers["accept-encoding"] ?? "")) {
      if (!compressed.has(file)) compressed.set(file, brotliCompressSync(body));
      body = compressed.get(file);
      headers["Content-Encoding"] = "br";
      headers["Vary"] = "Accept-Encoding";
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** The headers a `_headers` file (Netlify's and Cloudflare Pages' format) gives `path`:
 * a line with no indent is a path pattern (`*` matches anything), the indented lines below it
 * are `Name: value` headers. Written here apart from the generator's own reader, so the test
 * reads the file the way a host would, not the way throughcare does. */
export function headersFor(file, path) {
  const headers = {};
  let applies = false;
  for (const line of file.split("\n")) {
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

/** Serve `dir` as a host that reads the site's `_headers` file would. */
export function serveWithHeaders(dir, options = {}) {
  const rules = readFileSync(join(dir, "_headers"), "utf8");
  return serve(dir, (path) => headersFor(rules, path), options);
}

/** Site paths of every page (`/a/b/` for a/b/index.html), sorted. */
export function htmlPages(dir, prefix = "/") {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...htmlPages(full, `${prefix}${name}/`));
    else if (name === "index.html") out.push(prefix);
  }
  return out.sort();
}

/** Debian's Chromium, headless, kept off the network it would otherwise call home to.
 * Playwright gives each launch a fresh, empty profile of its own. */
export function launchOptions() {
  return {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** The WCAG 2.2 A and AA rules. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe-core's violations on the page as it is now, one line each (empty: none). The script is
 * evaluated through the DevTools protocol, so the page's own CSP still applies to the page. */
export async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    WCAG_TAGS,
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
}
