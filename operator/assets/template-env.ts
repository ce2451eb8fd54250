import { readFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { parseAllDocuments } from 'yaml';
import { clone } from '../kube/types.js';
import { operationRuleSet } from './operation-rule-sets.js';
import { persesFromGrafana } from './perses.js';
import { YAML_1_1, checkJson, firstLine } from './rendered-yaml.js';

const DATA_URL_PREFIX = 'data:text/plain;charset=utf-8;base64,';
// Characters YAML does not allow raw (or reads as line breaks) that JSON.stringify leaves as they are.
const YAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** Payload files under templates/, read once (they ship with the binary and never change). */
export class TemplateFiles {
  private readonly bytes = new Map<string, Buffer>();

  constructor(readonly dir: string) {}

  /** Raw bytes of `relative` (a path under templates/; `..` and absolute paths are refused). */
  read(relative: unknown): Buffer {
    if (typeof relative !== 'string' || relative === '' || path.isAbsolute(relative)) {
      throw new Error(`file path ${JSON.stringify(relative)} must be relative to templates/`);
    }
    const full = path.resolve(this.dir, relative);
    if (!full.startsWith(path.resolve(this.dir) + path.sep)) {
      throw new Error(`file path ${JSON.stringify(relative)} leaves templates/`);
    }
    let data = this.bytes.get(full);
    if (!data) {
      data = readFileSync(full);
      this.bytes.set(full, data);
    }
    return data;
  }

  /** The file as UTF-8 text; refuses bytes that are not UTF-8 (they would not round-trip). */
  text(relative: unknown): string {
    const data = this.read(relative);
    const text = data.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(data)) throw new Error(`${String(relative)} is not UTF-8 text`);
    return text;
  }

  /** One YAML 1.1 document from a file, as a fresh JSON value. */
  yaml(relative: unknown): unknown {
    const docs = parseAllDocuments(this.text(relative), YAML_1_1);
    const doc = Array.isArray(docs) && docs.length === 1 ? docs[0] : undefined;
    if (!doc) throw new Error(`${String(relative)} must hold exactly one YAML document`);
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw new Error(`${String(relative)}: ${firstLine(problem.message)}`);
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    checkJson(value);
    return clone(value);
  }
}

/** JSON text that is also a safe YAML flow scalar or collection (YAML is a superset of JSON). */
export function yamlSafeJson(value: unknown): string {
  if (value === undefined) throw new Error('cannot serialise an undefined value');
  const json = JSON.stringify(value);
  return json.replace(YAML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function defined(value: unknown, what: string): unknown {
  if (value === undefined || value === null) throw new Error(`${what}: value is undefined`);
  return value;
}

export function base64(value: unknown): string {
  return Buffer.from(String(defined(value, 'b64')), 'utf8').toString('base64');
}

/**
 * The Nunjucks environment: no autoescaping (the output is YAML, not HTML), undefined output is an
 * error, and helpers that keep bytes deterministic. MachineConfig payloads are plain base64 data
 * URLs, never gzip, so their bytes cannot depend on the Node or zlib build.
 */
export function createEnvironment(files: TemplateFiles): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(files.dir), {
    autoescape: false,
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('dump', (value: unknown) => yamlSafeJson(value));
  env.addFilter('quote', (value: unknown) => yamlSafeJson(String(defined(value, 'quote'))));
  env.addFilter('b64', base64);
  env.addFilter('dataUrl', (value: unknown) => DATA_URL_PREFIX + base64(value));
  env.addGlobal('readFile', (relative: unknown) => files.text(relative));
  env.addGlobal('loadYaml', (relative: unknown) => files.yaml(relative));
  env.addGlobal('persesFromGrafana', (relative: unknown) => persesFromGrafana(files.yaml(relative)));
  // Parsed once per environment: every rule-set asset reads the same data file on every pass.
  const ruleSetData = new Map<string, unknown>();
  env.addGlobal('operationRuleSet', (relative: unknown, name: unknown) => {
    const key = String(relative);
    if (!ruleSetData.has(key)) ruleSetData.set(key, files.yaml(relative));
    return operationRuleSet(ruleSetData.get(key), name);
  });
  env.addGlobal(
    'fileDataUrl',
    (relative: unknown) => DATA_URL_PREFIX + files.read(relative).toString('base64'),
  );
  return env;
}

export { DATA_URL_PREFIX };
