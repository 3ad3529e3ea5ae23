// Search with Pagefind's own API (no UI framework), rendered as a plain list of links.
// Loaded only on the search page of web builds; folder builds use the A to Z page.
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const easyFirst = document.getElementById("search-easy");
const list = document.getElementById("search-results");
const status = document.getElementById("search-status");

const params = new URLSearchParams(location.search);
input.value = params.get("q") ?? "";
easyFirst.checked = params.get("easy") === "1";

let pagefind;
async function search() {
  const query = input.value.trim();
  list.replaceChildren();
  if (!query) return;
  pagefind ??= await import(form.dataset.pagefind);
  const found = await pagefind.search(query);
  const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  if (easyFirst.checked) {
    // Stable: easy-read pages first, each group in Pagefind's order.
    results.sort((a, b) => (b.meta.level === "easy") - (a.meta.level === "easy"));
  }
  for (const r of results) {
    const item = document.createElement("li");
    item.className = "search__result";
    const link = document.createElement("a");
    link.href = r.url;
    link.textContent = r.meta.title ?? r.url;
    const excerpt = document.createElement("p");
    excerpt.innerHTML = r.excerpt; // Pagefind escapes the text and marks matches with <mark>
    item.append(link);
    if (r.meta.level === "easy") {
      const tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = form.dataset.easy;
      item.append(" ", tag);
    }
    item.append(excerpt);
    list.append(item);
  }
  status.textContent = results.length
    ? form.dataset.found.replace("{count}", results.length)
    : form.dataset.none;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value.trim());
  if (easyFirst.checked) url.searchParams.set("easy", "1");
  else url.searchParams.delete("easy");
  history.replaceState(null, "", url);
  search();
});
search();
