#!/usr/bin/env node
// Precompressed copies of a release build (issue 21): next to every asset
// (.wasm .js .css .html .csv .json .svg, in every folder) a brotli copy at
// quality 11 (`x.br`) and a gzip -9 copy (`x.gz`), for hosts that send a
// file's precompressed copy instead of compressing on the fly (nginx
// `gzip_static` / `brotli_static`, Caddy `precompressed`, …;
// docs/hosting.md). A copy that would not be smaller is not written.
//
//   node .ci/precompress.mjs DIR      (run by .ci/trunk-post-build.py on
//                                      `trunk build --release`)
//
// Node's own zlib (the reference brotli and zlib libraries), so nothing is
// installed for it: Node is already needed for wasm-opt (.ci/setup).
// Offline; prints one line per asset and the totals.
import { promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const ASSETS = new Set([".wasm", ".js", ".css", ".html", ".csv", ".json", ".svg"]);

async function* assets(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* assets(full);
    else if (ASSETS.has(path.extname(entry.name))) yield full;
  }
}

async function compress(file) {
  const raw = await fs.readFile(file);
  const text = path.extname(file) !== ".wasm";
  const [br, gz] = await Promise.all([
    brotli(raw, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_MODE]: text ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gzip(raw, { level: 9 }),
  ]);
  const written = [];
  for (const [suffix, data] of [[".br", br], [".gz", gz]]) {
    if (data.length < raw.length) {
      await fs.writeFile(file + suffix, data);
      written.push(suffix);
    }
  }
  return { file, raw: raw.length, br: br.length, gz: gz.length, written };
}

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node .ci/precompress.mjs DIR");
  process.exit(2);
}
const started = Date.now();
const files = [];
for await (const file of assets(dir)) files.push(file);
// Two at a time: zlib runs on libuv's thread pool; this machine has two cores.
const results = [];
for (let i = 0; i < files.length; i += 2) {
  results.push(...(await Promise.all(files.slice(i, i + 2).map(compress))));
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
let raw = 0, br = 0, gz = 0;
for (const r of results.sort((a, b) => b.raw - a.raw)) {
  raw += r.raw; br += r.br; gz += r.gz;
  console.log(`precompress: ${kb(r.raw)} KiB  gzip -9 ${kb(r.gz)}  brotli 11 ${kb(r.br)}  ${path.relative(dir, r.file)}${r.written.length ? "" : "  (not smaller: no copy)"}`);
}
console.log(`precompress: ${results.length} assets, ${kb(raw)} KiB raw, gzip -9 ${kb(gz)} KiB, brotli 11 ${kb(br)} KiB (${((Date.now() - started) / 1000).toFixed(1)} s)`);
