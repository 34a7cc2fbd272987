#!/usr/bin/env node
// Measures Sanad's cold start to first paint and its idle memory, on the current X display.
//   xvfb-run -a -s '-screen 0 1280x800x24' node scripts/measure-startup.mjs [APP_BIN] [runs]
// First paint = the first moment the screen shows the app's sidebar colour (#0f4f43) where the
// sidebar is drawn; the screen is sampled with ImageMagick's `import` every ~30 ms.
// The app runs with a language chosen (no first-start screen); run it under scripts/with-keyring.sh.
// Idle memory = after 10 s of idling: RSS and PSS of the app and its WebKit helper processes.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const app = path.resolve(
  process.argv[2] ?? path.join(process.env.CARGO_TARGET_DIR ?? "target", "debug", "sanad"),
);
const runs = Number(process.argv[3] ?? 3);
const SIDEBAR = "#0F4F43";

function pixel(x, y) {
  try {
    const out = execFileSync("import", ["-window", "root", "-crop", `1x1+${x}+${y}`, "-depth", "8", "txt:-"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return /#[0-9A-F]{6}/i.exec(out)?.[0]?.toUpperCase() ?? "";
  } catch {
    return "";
  }
}

function descendants(pid) {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  const parent = new Map();
  for (const d of all) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // process ended meanwhile
    }
  }
  const found = [pid];
  for (let i = 0; i < found.length; i++)
    for (const [p, pp] of parent) if (pp === found[i]) found.push(p);
  return found;
}

function memory(pid) {
  let rss = 0;
  let pss = 0;
  const names = [];
  for (const p of descendants(pid)) {
    try {
      const roll = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      rss += Number(/^Rss:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
      names.push(readFileSync(`/proc/${p}/comm`, "utf8").trim());
    } catch {
      // process ended meanwhile
    }
  }
  return { rssMiB: rss / 1024, pssMiB: pss / 1024, processes: names };
}

const results = [];
for (let i = 0; i < runs; i++) {
  const data = mkdtempSync(path.join(tmpdir(), "sanad-measure-"));
  // Past the first start's language choice: the app opens on its frame (practice books).
  writeFileSync(path.join(data, "preferences.json"), JSON.stringify({ language: "en" }));
  const start = process.hrtime.bigint();
  const child = spawn(app, [], { env: { ...process.env, SANAD_DATA_DIR: data }, stdio: "ignore" });
  let paintMs = null;
  while (Number(process.hrtime.bigint() - start) / 1e6 < 30000) {
    if (pixel(5, 400) === SIDEBAR) {
      paintMs = Number(process.hrtime.bigint() - start) / 1e6;
      break;
    }
  }
  await new Promise((r) => setTimeout(r, 10000));
  const mem = memory(child.pid);
  child.kill("SIGTERM");
  await new Promise((r) => child.on("exit", r));
  rmSync(data, { recursive: true, force: true });
  results.push({ paintMs, ...mem });
  console.log(
    `run ${i + 1}: first paint ${paintMs?.toFixed(0) ?? "never"} ms; idle RSS ${mem.rssMiB.toFixed(1)} MiB, PSS ${mem.pssMiB.toFixed(1)} MiB (${mem.processes.join(", ")})`,
  );
}
const med = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `median: first paint ${med(results.map((r) => r.paintMs ?? Infinity)).toFixed(0)} ms; idle PSS ${med(results.map((r) => r.pssMiB)).toFixed(1)} MiB; idle RSS ${med(results.map((r) => r.rssMiB)).toFixed(1)} MiB`,
);
