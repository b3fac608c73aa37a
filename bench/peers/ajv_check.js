// A peer of `charter validate` for bench/compare.sh: js-yaml reads each file
// (YAML 1.2 core schema) and ajv checks it against the project's JSON Schema
// (schemas/charter.schema.json): the structure only, none of charter's own
// checks. One process for all files, as a CI job would run it.
//
//   node ajv_check.js SCHEMA PATH...   (a directory is walked for *.charter.yaml)
//
// Exit status 0 when every file is valid, 1 when one is not (the first few
// are named), 2 on bad usage. Modules come from NODE_PATH.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const yaml = require('js-yaml');

const [schemaPath, ...roots] = process.argv.slice(2);
if (!schemaPath || roots.length === 0) {
  console.error('usage: node ajv_check.js SCHEMA PATH...');
  process.exit(2);
}
// strict: false lets ajv 8 read a draft-07 schema's `format`s as ajv 6 does
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

function walk(p, out) {
  if (fs.statSync(p).isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) {
      if (!name.startsWith('.')) {
        walk(path.join(p, name), out);
      }
    }
  } else if (p.endsWith('.charter.yaml') || p.endsWith('.charter.yml') || roots.includes(p)) {
    out.push(p);
  }
  return out;
}

let files = [];
for (const r of roots) {
  walk(r, files);
}
let invalid = 0;
for (const f of files) {
  const doc = yaml.load(fs.readFileSync(f, 'utf8'), { schema: yaml.CORE_SCHEMA });
  if (!validate(doc)) {
    if (++invalid <= 5) {
      console.error(`${f}: ${ajv.errorsText(validate.errors)}`);
    }
  }
}
process.exit(invalid ? 1 : 0);
