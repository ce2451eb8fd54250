import { readFileSync } from 'node:fs';
import path from 'node:path';
import type nunjucks from 'nunjucks';
import { TerminalError } from '../errors.js';
import type { KubeObject } from '../kube/types.js';
import type { AssetDefinition } from './catalog.js';
import { contextForAsset, type RenderContext } from './context.js';
import { isRecord } from './json.js';
import { lokiStackSize, lokiStorage } from './logging-storage.js';
import { parseSingleDocument } from './rendered-yaml.js';
import { schemaQuestions } from './schema-questions.js';
import { createEnvironment, TemplateFiles } from './template-env.js';
import {
  InvalidUserValueError,
  parseObjectName,
  parsePciIds,
  parseUsbHostDevices,
  SBR_STORAGE_CLASS,
  USB_HOST_DEVICES,
  VFIO_DEVICE_IDS,
} from './user-values.js';

/** Rendering an asset failed; retrying cannot help until a template or an annotation changes. */
export class RenderError extends TerminalError {
  /** Set when a bad user value in this HCO annotation caused the failure (the object is held). */
  readonly annotation?: string;

  constructor(
    readonly asset: string,
    problem: string,
    options: { annotation?: string; cause?: unknown } = {},
  ) {
    super(`render ${asset} failed: ${problem}`, { cause: options.cause });
    if (options.annotation !== undefined) this.annotation = options.annotation;
  }
}

/**
 * A template said its asset does not apply to this cluster, and why (`notApplicable(reason)`):
 * the asset is skipped with that reason, never applied half-right.
 */
export class NotApplicableError extends TerminalError {
  constructor(
    readonly asset: string,
    readonly why: string,
  ) {
    super(`${asset} does not apply here: ${why}`);
  }
}

/** Renders catalog assets: template + context → one object, or undefined when not applicable. */
export class TemplateRenderer {
  private readonly files: TemplateFiles;
  private readonly env: nunjucks.Environment;

  constructor(readonly templatesDir: string) {
    this.files = new TemplateFiles(templatesDir);
    this.env = createEnvironment(this.files);
  }

  /** Renders with `contextForAsset(ctx, asset)`, so params and features always match the asset. */
  render(asset: AssetDefinition, ctx: RenderContext): KubeObject | undefined {
    const assetCtx = contextForAsset(ctx, asset);
    const text = this.text(asset, assetCtx);
    let value: unknown;
    try {
      value = parseSingleDocument(text);
    } catch (err) {
      throw new RenderError(asset.name, `${asset.template}: ${(err as Error).message}`, { cause: err });
    }
    return value === undefined ? undefined : checkObject(asset, value);
  }

  /** The raw rendered text (for debugging output and golden tests of whitespace). */
  text(asset: AssetDefinition, ctx: RenderContext): string {
    if (!asset.template.endsWith('.njk')) return this.staticText(asset);
    const userValue: { error?: InvalidUserValueError; notApplicable?: string } = {};
    try {
      return this.env.render(asset.template, templateVariables(ctx, userValue));
    } catch (err) {
      if (userValue.notApplicable !== undefined)
        throw new NotApplicableError(asset.name, userValue.notApplicable);
      if (userValue.error) {
        throw new RenderError(asset.name, userValue.error.message, {
          annotation: userValue.error.annotation,
          cause: userValue.error,
        });
      }
      const message = (err as Error).message.replace(/\s*\n\s*/g, ' ').trim();
      throw new RenderError(asset.name, message, { cause: err });
    }
  }

  private staticText(asset: AssetDefinition): string {
    try {
      return readFileSync(path.join(this.templatesDir, asset.template), 'utf8');
    } catch (err) {
      throw new RenderError(asset.name, `cannot read ${asset.template}`, { cause: err });
    }
  }
}

/**
 * What a template sees. User values from HCO annotations are reachable only through validating
 * functions; their failure is recorded here because Nunjucks rewraps thrown errors.
 */
function templateVariables(
  ctx: RenderContext,
  userValue: { error?: InvalidUserValueError; notApplicable?: string },
): object {
  const guarded =
    <T>(read: () => T) =>
    (): T => {
      try {
        return read();
      } catch (err) {
        if (err instanceof InvalidUserValueError) userValue.error ??= err;
        throw err;
      }
    };
  const annotations = ctx.hco.metadata.annotations ?? {};
  return {
    ...ctx,
    annotations,
    vfioDeviceIds: guarded(() => parsePciIds(annotations[VFIO_DEVICE_IDS], VFIO_DEVICE_IDS)),
    usbHostDevices: guarded(() => parseUsbHostDevices(annotations[USB_HOST_DEVICES], USB_HOST_DEVICES)),
    sbrStorageClass: guarded(() => parseObjectName(annotations[SBR_STORAGE_CLASS], SBR_STORAGE_CLASS)),
    lokiStorage: guarded(() => lokiStorage(annotations, ctx.topology.cloudProvider)),
    lokiStackSize,
    ...schemaQuestions(ctx.schemas),
    notApplicable: (reason: unknown): never => {
      userValue.notApplicable ??= String(reason);
      throw new Error(`not applicable: ${String(reason)}`);
    },
  };
}

function checkObject(asset: AssetDefinition, value: unknown): KubeObject {
  const fail = (problem: string): never => {
    throw new RenderError(asset.name, `${asset.template}: ${problem}`);
  };
  if (!isRecord(value)) return fail('output is not a YAML mapping');
  const metadata = value.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    return fail('output has no metadata.name');
  }
  if (value.kind !== asset.component || value.apiVersion !== asset.apiVersion) {
    fail(
      `output is ${String(value.apiVersion)} ${String(value.kind)}, but the catalog says ` +
        `${asset.apiVersion} ${asset.component}`,
    );
  }
  return value as KubeObject;
}
