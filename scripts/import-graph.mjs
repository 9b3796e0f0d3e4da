#!/usr/bin/env node
// The import graph in numbers (npm run depgraph): files, circles, imports against the layer rule
// of .dependency-cruiser.cjs, and the server files the renderer's type check reaches.
//
// dependency-cruiser reads a .svelte file through Svelte's compiler, which drops type-only
// imports; this script adds them back (ESLint's no-restricted-imports enforces the same rule on
// them), so a renderer component that imports a server type is counted.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin', 'depcruise');
const targets = ['src', 'db', 'electron', 'bench', 'tests', 'scripts'].filter((d) => existsSync(join(root, d)));
const out = execFileSync(bin, [...targets, '--output-type', 'json', '--no-progress'], {
  cwd: root,
  maxBuffer: 256 * 1024 * 1024,
  encoding: 'utf8',
});
let report;
try {
  report = JSON.parse(out);
} catch {
  console.error('import-graph: dependency-cruiser did not print a JSON report.');
  process.exit(1);
}

/** @type {Map<string, Set<string>>} */
const edges = new Map();
const local = new Set();
for (const m of report.modules) {
  if (m.coreModule || m.source.startsWith('node_modules/')) continue;
  local.add(m.source);
  const set = new Set();
  for (const d of m.dependencies) {
    if (d.coreModule || d.couldNotResolve || d.resolved.startsWith('node_modules/')) continue;
    set.add(d.resolved);
  }
  edges.set(m.source, set);
}

// Type-only imports of .svelte files, which Svelte's compiler leaves out of the report.
const importRe = /import\s+type\s[^;]*?from\s+['"](\.[^'"]+)['"]/g;
const extraUi = [];
for (const file of local) {
  if (!file.endsWith('.svelte')) continue;
  const text = readFileSync(join(root, file), 'utf8');
  for (const match of text.matchAll(importRe)) {
    const spec = normalize(join(dirname(file), match[1]));
    const candidates = [`${spec}.ts`, spec.replace(/\.js$/, '.ts'), join(spec, 'index.ts'), spec];
    const hit = candidates.find((c) => existsSync(join(root, c)) && statSync(join(root, c)).isFile());
    if (!hit) continue;
    const to = relative('.', hit);
    if (!edges.get(file).has(to)) {
      edges.get(file).add(to);
      extraUi.push([file, to]);
      local.add(to);
      if (!edges.has(to)) edges.set(to, new Set());
    }
  }
}

// Circles: strongly connected components of more than one file (Tarjan).
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(v) {
  idx.set(v, index);
  low.set(v, index);
  index += 1;
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), idx.get(w)));
    }
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1) components.push(comp.sort());
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);

// Imports against the layer rule, as dependency-cruiser reports them, plus the .svelte type imports;
// an import against two rules counts once.
const layerViolations = report.summary.violations.filter((v) => v.rule.name !== 'no-circular');
const uiOutside = (to) => /^(src\/(core|app|host|cli)|db|electron)\//.test(to);
const svelteViolations = extraUi.filter(([from, to]) => from.startsWith('src/ui/') && uiOutside(to));
const crossLayer = new Set([...layerViolations.map((v) => `${v.from} ${v.to}`), ...svelteViolations.map(([f, t]) => `${f} ${t}`)]).size;

// What the renderer's type check reaches outside src/ui and src/shared.
const reached = new Set();
const todo = [...local].filter((f) => f.startsWith('src/ui/'));
while (todo.length > 0) {
  const f = todo.pop();
  if (reached.has(f)) continue;
  reached.add(f);
  for (const t of edges.get(f) ?? []) todo.push(t);
}
const serverReached = [...reached].filter((f) => !/^src\/(ui|shared)\//.test(f));

const layered = [...local].filter((f) => /^(src|db|electron)\//.test(f));
const summary = {
  files: layered.length,
  filesWithTestsAndBench: local.size,
  circles: components.length,
  filesInCircles: components.reduce((n, c) => n + c.length, 0),
  crossLayerImports: crossLayer,
  serverFilesReachedByRenderer: serverReached.length,
};
console.log(JSON.stringify(summary, null, 2));
if (process.argv.includes('--details')) {
  for (const c of components) console.log(`circle (${c.length}): ${c.join(' ')}`);
  for (const v of layerViolations) console.log(`${v.rule.name}: ${v.from} -> ${v.to}`);
  for (const [from, to] of svelteViolations) console.log(`ui-imports-shared-only (type): ${from} -> ${to}`);
  for (const f of serverReached.sort()) console.log(`renderer reaches: ${f}`);
}
