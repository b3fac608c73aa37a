// Proves that schemas/charter.schema.json agrees with the binary's structural
// check: a real JSON Schema validator (ajv, draft-07) reads each YAML file
// (js-yaml, YAML 1.2 core schema, as yaml-language-server does) and its
// verdict is compared with what `charter validate --format json` says.
//
//   node agree.js CHARTER SCHEMA FILE...
//
// A file is structurally invalid for the binary when it has a diagnostic of
// the structure family (C01xx). Codes that no JSON Schema can express (listed
// below with the reason) are left out of the comparison.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const Ajv = require('ajv');
const yaml = require('js-yaml');

const CODE_ONLY = {
  C0106: 'a date that matches YYYY-MM-DD but does not exist (2026-02-30)',
  C0110: 'decimals allowed depend on the charter\'s currency',
  C0111: 'a well-formed code that is not in ISO 4217',
  C0115: 'whole numbers beyond 9 digits',
};

const [charter, schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(schema);

let passed = 0, failed = 0;
for (const file of files) {
  let binary;
  try {
    binary = execFileSync(charter, ['validate', '--format', 'json', file], { encoding: 'utf8' });
  } catch (e) {
    binary = e.stdout;  // exit 1: diagnostics found
  }
  const diags = JSON.parse(binary).files[0].diagnostics;
  const structural = diags.filter(d => /^C01/.test(d.code));
  const codeOnly = structural.length > 0 && structural.every(d => d.code in CODE_ONLY);
  if (codeOnly) {
    console.log(`skip ${file}: ${structural.map(d => d.code).join(', ')} cannot be expressed in JSON Schema`);
    continue;
  }
  const loadOnly = diags.some(d => /^C00/.test(d.code));
  if (loadOnly) {
    console.log(`skip ${file}: YAML-level problem (${diags.map(d => d.code).join(', ')})`);
    continue;
  }
  let doc;
  try {
    doc = yaml.load(fs.readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    console.log(`FAIL ${file}: js-yaml cannot read it: ${e.message}`);
    failed++;
    continue;
  }
  const schemaValid = validate(doc);
  const binaryValid = structural.length === 0;
  if (schemaValid === binaryValid) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${path.basename(file)}: binary says ${binaryValid ? 'valid' : 'invalid (' + structural.map(d => d.code).join(', ') + ')'}, ` +
                `the JSON Schema says ${schemaValid ? 'valid' : 'invalid: ' + ajv.errorsText(validate.errors)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
