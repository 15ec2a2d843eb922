import { InventoryError } from '../errors/area-errors.js';
import { bindConsumer, unbindConsumer } from './bindings.js';
import { type EnvironmentView, environmentView, type StoredEnvironment } from './environment-view.js';
import { checkName, unknownEnv } from './inventory-checks.js';
import type { InventoryContext } from './inventory-context.js';
import type { StoredRecord } from './record.js';
import { readRecordVersion } from './record-store.js';
import { getJson, isConflict, toBytes, updateJson } from './storage-json.js';

function view(ctx: InventoryContext, e: StoredEnvironment, r: StoredRecord | undefined, at = ctx.now()) {
  return environmentView(ctx.options.alerts ?? {}, e, r, at);
}

async function chosenRecord(ctx: InventoryContext, e: StoredEnvironment): Promise<StoredRecord | undefined> {
  return e.record === undefined
    ? undefined
    : (await getJson<StoredRecord>(ctx.storage, ctx.key('records', e.record)))?.value;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** @internal The variable name rules use for an environment's certificate, by default `cert_<name>`. */
export function variableNameOf(name: string, given?: string): string {
  const variable = given ?? `cert_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  if (!VARIABLE.test(variable)) {
    throw new InventoryError(
      'ERR_INVENTORY_INVALID_NAME',
      `The variable name "${variable}" is not an identifier (a letter or _, then letters, digits or _; at most 64).`,
      { details: { name: variable, what: 'variable' } },
    );
  }
  return variable;
}

async function claimVariable(
  ctx: InventoryContext,
  project: string,
  variable: string,
  env: string,
): Promise<void> {
  const claim = ctx.key('environment-variables', project, variable);
  try {
    await ctx.storage.put(claim, toBytes({ environment: env }), { expectedVersion: null });
  } catch (e) {
    if (!isConflict(e)) throw e;
    const holder = await getJson<{ environment: string }>(ctx.storage, claim);
    throw new InventoryError(
      'ERR_INVENTORY_ENVIRONMENT_EXISTS',
      `Project "${project}" already has an environment whose certificate variable is "${variable}".`,
      { details: { name: env, variable, project, existing: holder?.value.environment } },
    );
  }
}

/** @internal Creates an environment, claiming its kind in the project unless several are allowed. */
export async function addEnvironment(
  ctx: InventoryContext,
  name: string,
  options: { kind: string; project?: string; variable?: string },
): Promise<EnvironmentView> {
  checkName(name, 'environment');
  checkName(options.kind, 'environment kind');
  const project = options.project ?? 'default';
  checkName(project, 'project');
  const variable = variableNameOf(name, options.variable);
  if (ctx.options.multipleEnvironmentsPerKind !== true) {
    const claim = ctx.key('environment-kinds', project, options.kind);
    try {
      await ctx.storage.put(claim, toBytes({ environment: name }), { expectedVersion: null });
    } catch (e) {
      if (!isConflict(e)) throw e;
      const holder = await getJson<{ environment: string }>(ctx.storage, claim);
      throw new InventoryError(
        'ERR_INVENTORY_ENVIRONMENT_EXISTS',
        `Project "${project}" already has a "${options.kind}" environment.`,
        { details: { name, kind: options.kind, project, existing: holder?.value.environment } },
      );
    }
  }
  await claimVariable(ctx, project, variable, name);
  const env: StoredEnvironment = { name, kind: options.kind, project, variable, deploying: false };
  try {
    await ctx.storage.put(ctx.key('environments', name), toBytes(env), { expectedVersion: null });
  } catch (e) {
    if (!isConflict(e)) throw e;
    throw new InventoryError('ERR_INVENTORY_ENVIRONMENT_EXISTS', `The environment "${name}" exists.`, {
      details: { name, existing: name },
    });
  }
  return view(ctx, env, undefined);
}

/** @internal An environment with its deployment state at `at`. */
export async function readEnvironment(
  ctx: InventoryContext,
  name: string,
  at?: Date,
): Promise<EnvironmentView> {
  checkName(name, 'environment');
  const got = await getJson<StoredEnvironment>(ctx.storage, ctx.key('environments', name));
  if (got === undefined) throw unknownEnv(name);
  const e = got.value;
  const r = await chosenRecord(ctx, e);
  return view(ctx, e, r, ctx.now(at));
}

/** @internal Every environment, by name. */
export async function listEnvironments(ctx: InventoryContext, at?: Date): Promise<EnvironmentView[]> {
  const prefix = ctx.key('environments', '');
  const out: EnvironmentView[] = [];
  for (const key of (await ctx.storage.list(prefix)).sort()) {
    out.push(await readEnvironment(ctx, key.slice(prefix.length), at));
  }
  return out;
}

/** `ERR_INVENTORY_VERSION_EXPIRED` when the version of `record` is expired at `at`: expired means unusable. */
function refuseExpired(record: StoredRecord, version: number, env: string, at: Date): void {
  const v = record.versions.find((x) => x.version === version);
  if (v === undefined || Date.parse(v.facts.notAfter) >= at.getTime()) return;
  throw new InventoryError(
    'ERR_INVENTORY_VERSION_EXPIRED',
    `Version ${version} of "${record.name}" expired on ${v.facts.notAfter}: it cannot be used in "${env}".`,
    {
      details: {
        environment: env,
        name: record.name,
        version,
        notAfter: v.facts.notAfter,
        at: at.toISOString(),
      },
    },
  );
}

/**
 * @internal Points an environment at a version of a record and makes it a consumer of the record.
 * An expired version is refused (`ERR_INVENTORY_VERSION_EXPIRED`); an obsolete one that is still
 * valid may be chosen.
 */
export async function selectVersion(
  ctx: InventoryContext,
  env: string,
  name: string,
  version?: number,
): Promise<EnvironmentView> {
  const { record: r, version: v } = await readRecordVersion(ctx, name, version);
  refuseExpired(r, v, env, ctx.now());
  await bindConsumer(ctx, name, { kind: 'environment', id: env });
  let previous: string | undefined;
  const e = await updateJson<StoredEnvironment, StoredEnvironment>(
    ctx.storage,
    ctx.key('environments', env),
    (cur) => {
      if (cur === undefined) throw unknownEnv(env);
      previous = cur.record;
      const value: StoredEnvironment = { ...cur, record: name, version: v, deploying: false };
      return { value, result: value };
    },
  );
  if (previous !== undefined && previous !== name) {
    await unbindConsumer(ctx, previous, { kind: 'environment', id: env }).catch(() => false);
  }
  return view(ctx, e, r);
}

/** @internal Changes the deployment state of an environment with compare-and-swap. */
export async function updateEnvironment(
  ctx: InventoryContext,
  env: string,
  f: (cur: StoredEnvironment) => StoredEnvironment,
): Promise<EnvironmentView> {
  checkName(env, 'environment');
  const e = await updateJson<StoredEnvironment, StoredEnvironment>(
    ctx.storage,
    ctx.key('environments', env),
    (cur) => {
      if (cur === undefined) throw unknownEnv(env);
      const value = f(cur);
      return { value, result: value };
    },
  );
  return view(ctx, e, await chosenRecord(ctx, e));
}

/** @internal The environment with its chosen version marked as deployed. */
export function markedDeployed(cur: StoredEnvironment): StoredEnvironment {
  const { deployedRecord: _r, deployedVersion: _v, ...rest } = cur;
  return {
    ...rest,
    deploying: false,
    ...(cur.record === undefined ? {} : { deployedRecord: cur.record }),
    ...(cur.version === undefined ? {} : { deployedVersion: cur.version }),
  };
}

/**
 * @internal Changes the deployment state (`deploying` or `deployed`) of an environment whose chosen
 * version must still be valid: an expired one is refused with `ERR_INVENTORY_VERSION_EXPIRED`. The
 * choice is read, checked, and the change is applied only if the choice is still the same (else it is
 * read and checked again).
 */
export async function updateDeployment(
  ctx: InventoryContext,
  env: string,
  f: (cur: StoredEnvironment) => StoredEnvironment,
): Promise<EnvironmentView> {
  checkName(env, 'environment');
  for (let attempt = 0; attempt < 8; attempt++) {
    const got = await getJson<StoredEnvironment>(ctx.storage, ctx.key('environments', env));
    if (got === undefined) throw unknownEnv(env);
    const chosen = got.value;
    const record = await chosenRecord(ctx, chosen);
    if (record !== undefined && chosen.version !== undefined)
      refuseExpired(record, chosen.version, env, ctx.now());
    const changed = Symbol('changed');
    try {
      return await updateEnvironment(ctx, env, (cur) => {
        if (cur.record !== chosen.record || cur.version !== chosen.version) throw changed;
        return f(cur);
      });
    } catch (e) {
      if (e !== changed) throw e;
    }
  }
  throw new InventoryError(
    'ERR_INVENTORY_CONTENTION',
    `The choice of "${env}" kept changing while it was deployed.`,
    {
      details: { environment: env },
    },
  );
}
