// The UI's strings (ui/src/lib/strings.ts) against each other and against the glossary that the
// printed invoice uses too (assets/glossary.json). Loaded through Vite, as the app loads them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createServer } from "vite";

const root = fileURLToPath(new URL("../..", import.meta.url));
const glossary = JSON.parse(readFileSync(path.join(root, "assets/glossary.json"), "utf8")).terms;

let server;
let strings;

before(async () => {
  server = await createServer({
    configFile: path.join(root, "ui/vite.config.ts"),
    server: { middlewareMode: true, hmr: false },
    appType: "custom",
    logLevel: "warn",
  });
  strings = await server.ssrLoadModule("/src/lib/strings.ts");
});

after(() => server?.close());

const arabicLetter = /[\u0600-\u06ff]/;
const arabicIndicDigit = /[\u0660-\u0669\u06f0-\u06f9]/;

test("every Arabic string is there, is Arabic, and differs from its English one", () => {
  const { en, ar } = strings;
  assert.deepEqual(Object.keys(ar).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    const a = ar[key];
    assert.equal(typeof a, "string", key);
    assert.ok(a.trim().length > 0, `${key}: the Arabic is empty`);
    assert.ok(en[key].trim().length > 0, `${key}: the English is empty`);
    // The language switch names the other language; every other Arabic string is Arabic.
    if (key !== "lang.switch") {
      assert.notEqual(a, en[key], `${key}: the Arabic is a copy of the English`);
      assert.match(a, arabicLetter, `${key}: no Arabic in "${a}"`);
    }
    assert.doesNotMatch(a, arabicIndicDigit, `${key}: Western digits only, got "${a}"`);
    // Placeholders are the same in both languages.
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(names(a), names(en[key]), `${key}: placeholders differ`);
  }
});

test("Arabic sentences use Arabic punctuation and never name a currency by its code", () => {
  for (const [key, a] of Object.entries(strings.ar)) {
    assert.doesNotMatch(a, /[\u0600-\u06ff][,;?]/, `${key}: Latin punctuation after Arabic: "${a}"`);
    assert.doesNotMatch(a, /\b(SAR|USD|MB)\b/, `${key}: a code inside Arabic: "${a}"`);
  }
});

test("the screen takes every glossary term as it is, and never redefines one", () => {
  const { en, ar } = strings;
  for (const [key, term] of Object.entries(glossary)) {
    assert.equal(en[key], term.en, `${key}: the screen's English differs from the glossary`);
    assert.equal(ar[key], term.ar, `${key}: the screen's Arabic differs from the glossary`);
  }
  // A screen string with a glossary term's words in one language says that term in the other
  // too: the same words never name two things, and one thing is never named two ways.
  for (const key of Object.keys(en)) {
    if (key in glossary) continue;
    for (const [gkey, term] of Object.entries(glossary)) {
      if (en[key] === term.en) assert.equal(ar[key], term.ar, `${key} reads like ${gkey} in English only`);
      if (ar[key] === term.ar) assert.equal(en[key], term.en, `${key} reads like ${gkey} in Arabic only`);
    }
  }
});

test("each screen's string module has keys of its own: no two define the same key", async () => {
  const seen = new Map();
  for (const [name, mod] of Object.entries(strings.modules)) {
    assert.deepEqual(Object.keys(mod.ar).sort(), Object.keys(mod.en).sort(), `${name}: Arabic keys`);
    for (const key of Object.keys(mod.en)) {
      assert.ok(!(key in glossary), `${name}: ${key} redefines a glossary term`);
      assert.ok(!seen.has(key), `${key} is in both ${seen.get(key)} and ${name}`);
      seen.set(key, name);
    }
  }
});
