// A small renderer of the merged OpenAPI document: no CDN, no framework, no inline script (strict CSP).
"use strict";
(function () {
  const el = (tag, attrs, ...kids) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const kid of kids) node.append(kid instanceof Node ? kid : document.createTextNode(String(kid ?? "")));
    return node;
  };
  let doc = null;
  const deref = (obj) => {
    let seen = 0;
    while (obj && obj.$ref && seen++ < 20) {
      obj = obj.$ref.replace(/^#\//, "").split("/").reduce((o, k) => (o || {})[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    }
    return obj || {};
  };
  const refName = (s) => (s && s.$ref ? s.$ref.split("/").pop() : null);
  function schemaText(schema, depth) {
    const s = deref(schema);
    if (depth > 4) return refName(schema) || s.type || "…";
    if (s.type === "array" || s.items) return "[" + schemaText(s.items || {}, depth + 1) + "]";
    if (s.properties) {
      const pad = "  ".repeat(depth + 1);
      const req = new Set(s.required || []);
      const lines = Object.entries(s.properties).map(
        ([k, v]) => pad + k + (req.has(k) ? "" : "?") + ": " + schemaText(v, depth + 1)
      );
      return "{\n" + lines.join(",\n") + "\n" + "  ".repeat(depth) + "}";
    }
    const t = Array.isArray(s.type) ? s.type.join("|") : s.type || (s.enum ? "enum" : "any");
    return t + (s.enum ? " (" + s.enum.join(", ") + ")" : "") + (s.format ? " <" + s.format + ">" : "");
  }
  function operation(path, method, op) {
    const pub = Array.isArray(op.security) && op.security.length === 0;
    const head = el("summary", {},
      el("span", { class: "m " + method }, method), el("span", { class: "p" }, path),
      el("span", { class: "s" }, op.summary || ""), el("span", { class: "lock" }, pub ? "public" : "credentials"));
    const body = el("div", { class: "body" });
    if (op.description) body.append(el("p", {}, op.description));
    const params = (op.parameters || []).map(deref);
    if (params.length) {
      const table = el("table", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "schema")));
      for (const p of params) {
        if (p.in === "query" && !p.name && p.schema) {
          const s = deref(p.schema);
          for (const [k, v] of Object.entries(s.properties || {})) table.append(el("tr", {}, el("td", {}, k), el("td", {}, "query"), el("td", {}, schemaText(v, 0))));
        } else table.append(el("tr", {}, el("td", {}, p.name + (p.required ? " *" : "")), el("td", {}, p.in), el("td", {}, schemaText(p.schema || {}, 0))));
      }
      body.append(el("h4", {}, "Parameters"), table);
    }
    if (op.requestBody) {
      for (const [media, c] of Object.entries(deref(op.requestBody).content || {})) {
        body.append(el("h4", {}, "Body (" + media + ")"), el("pre", {}, schemaText(c.schema || {}, 0)));
      }
    }
    body.append(el("h4", {}, "Responses"));
    for (const [code, r0] of Object.entries(op.responses || {})) {
      const r = deref(r0);
      const content = Object.entries(r.content || {});
      body.append(el("p", {}, el("b", {}, code), " ", r.description || "", content.length ? " — " + content.map((x) => x[0]).join(", ") : ""));
      if (code < "300" && content.length && content[0][1].schema) body.append(el("pre", {}, schemaText(content[0][1].schema, 0)));
    }
    const details = el("details", { "data-search": (path + " " + (op.summary || "") + " " + (op.tags || []).join(" ")).toLowerCase() }, head, body);
    return details;
  }
  function render() {
    document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
    const intro = document.getElementById("intro");
    intro.textContent = doc.info.description || "";
    if (doc["x-incomplete"]) intro.append(el("span", { class: "warn" }, " Missing right now: " + doc["x-incomplete"].join(", ")));
    const byTag = new Map();
    for (const [path, ops] of Object.entries(doc.paths || {})) {
      for (const [method, op] of Object.entries(ops)) {
        if (!["get", "post", "put", "patch", "delete", "head"].includes(method)) continue;
        const tag = (op.tags && op.tags[0]) || "other";
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operation(path, method, op));
      }
    }
    const toc = document.getElementById("toc"), ops = document.getElementById("ops");
    for (const [tag, items] of [...byTag.entries()].sort()) {
      const id = "tag-" + tag.replace(/\W+/g, "-");
      toc.append(el("a", { href: "#" + id }, tag));
      ops.append(el("section", { id }, el("h2", {}, tag), ...items));
    }
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("filter").addEventListener("input", (e) => {
      const q = e.target.value.toLowerCase();
      for (const d of document.querySelectorAll("details")) d.hidden = q && !d.dataset.search.includes(q);
    });
    fetch("/api/openapi.json").then((r) => r.json()).then((d) => { doc = d; render(); })
      .catch((err) => { document.getElementById("intro").textContent = "Could not load the API document: " + err; });
  });
})();
