import type * as Acme from 'acme-client';
import { AcmeError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import type { Dns01Solver } from '../challenges/dns-01-solver.js';
import type { Http01Solver } from '../challenges/http-01-solver.js';
import { waitForHttp01Token } from '../challenges/self-check/http-01-self-check.js';
import { waitForTxtRecord } from '../challenges/self-check/txt-self-check.js';
import type { AcmeContext, ProtocolClient } from './acme-context.js';
import { type AcmeProblem, cleanProblem, isProblem } from './acme-problem.js';
import type { OrderRecordStore, PresentedChallenge } from './order-record.js';
import { pollUntil } from './poll.js';
import type { AcmeChallengeType } from './progress-event.js';
import { abortable, solverContext, whileWaiting } from './waiting.js';

/** The solvers an order may use (the DNS one already wrapped in the counting wrapper). */
export interface OrderSolvers {
  readonly dns01?: Dns01Solver | undefined;
  readonly http01?: Http01Solver | undefined;
  /** The unwrapped DNS solver, for cleaning up what an earlier process left. */
  readonly dns01Inner?: Dns01Solver | undefined;
}

/** An identifier whose authorization failed, with the CA's problem document. */
export interface AuthorizationFailure {
  readonly identifier: string;
  readonly challenge: AcmeChallengeType | undefined;
  readonly problem: AcmeProblem | undefined;
}

type Authz = Acme.Authorization;
type Challenge = Authz['challenges'][number];

function identifierName(authz: Authz): string {
  return authz.wildcard === true ? `*.${authz.identifier.value}` : authz.identifier.value;
}

function pickChallenge(ctx: AcmeContext, authz: Authz, solvers: OrderSolvers): Challenge {
  const offered = authz.challenges.map((c) => c.type);
  const usable: AcmeChallengeType[] = [];
  if (solvers.dns01 && offered.includes('dns-01')) usable.push('dns-01');
  if (solvers.http01 && offered.includes('http-01') && authz.wildcard !== true) usable.push('http-01');
  const preferred = ctx.options.preferredChallenge ?? 'dns-01';
  const type = usable.includes(preferred) ? preferred : usable[0];
  const challenge = authz.challenges.find((c) => c.type === type);
  if (!challenge) {
    throw new AcmeError(
      'ERR_ACME_NO_SOLVER',
      `No configured solver can answer the challenges for ${identifierName(authz)}.`,
      {
        details: {
          identifier: identifierName(authz),
          offered,
          configured: [solvers.dns01 ? 'dns-01' : undefined, solvers.http01 ? 'http-01' : undefined].filter(
            Boolean,
          ),
        },
      },
    );
  }
  return challenge;
}

function presentedFor(authz: Authz, challenge: Challenge, keyAuthorization: string): PresentedChallenge {
  const identifier = identifierName(authz);
  if (challenge.type === 'dns-01') {
    const domain = authz.identifier.value;
    return {
      type: 'dns-01',
      identifier,
      record: { domain, name: `_acme-challenge.${domain}`, value: keyAuthorization },
    };
  }
  return {
    type: 'http-01',
    identifier,
    challenge: {
      domain: authz.identifier.value,
      token: (challenge as { token: string }).token,
      keyAuthorization,
    },
  };
}

async function solverCall<T>(
  solver: string,
  what: string,
  call: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    // a solver that stopped because the order ended is not a failed solver
    if (isCertkitError(cause) || signal?.aborted) throw cause;
    throw new AcmeError('ERR_ACME_SOLVER_FAILED', `The ${solver} solver failed to ${what}.`, {
      cause,
      details: { solver },
    });
  }
}

async function publish(ctx: AcmeContext, solvers: OrderSolvers, p: PresentedChallenge): Promise<void> {
  if (p.type === 'dns-01') {
    const solver = solvers.dns01 as Dns01Solver;
    const own = solver.checksVisibility === true;
    const context = solverContext(ctx, p.identifier, solver.name);
    await whileWaiting(
      ctx,
      own
        ? `the ${solver.name} solver to publish ${p.record.name} and see it visible`
        : `the ${solver.name} solver to publish ${p.record.name}`,
      () =>
        abortable(
          solverCall(
            solver.name,
            `publish ${p.record.name}`,
            () => solver.present(p.record, context),
            ctx.signal,
          ),
          ctx.signal,
        ),
      p.identifier,
    );
    ctx.emit({
      type: 'challenge-presented',
      identifier: p.identifier,
      challenge: 'dns-01',
      target: p.record.name,
    });
    if (own) {
      // the solver's present resolved only once the record was visible: one self-check, not two
      ctx.emit({ type: 'self-check-passed', identifier: p.identifier, challenge: 'dns-01' });
      return;
    }
    const check = ctx.options.selfCheck?.dns;
    if (check !== false) {
      await whileWaiting(
        ctx,
        `${p.record.name} to be visible`,
        () => waitForTxtRecord(p.record.name, p.record.value, { ...check, signal: ctx.signal }),
        p.identifier,
      );
      ctx.emit({ type: 'self-check-passed', identifier: p.identifier, challenge: 'dns-01' });
    }
    return;
  }
  const solver = solvers.http01 as Http01Solver;
  await abortable(
    solverCall(
      solver.name,
      `publish the token for ${p.challenge.domain}`,
      () => solver.present(p.challenge),
      ctx.signal,
    ),
    ctx.signal,
  );
  const target = `/.well-known/acme-challenge/${p.challenge.token}`;
  ctx.emit({ type: 'challenge-presented', identifier: p.identifier, challenge: 'http-01', target });
  const check = ctx.options.selfCheck?.http;
  if (check !== false) {
    await whileWaiting(
      ctx,
      `http://${p.challenge.domain}${target} to answer`,
      () => waitForHttp01Token(p.challenge, { ...check, signal: ctx.signal }),
      p.identifier,
    );
    ctx.emit({ type: 'self-check-passed', identifier: p.identifier, challenge: 'http-01' });
  }
}

/**
 * Removes published challenges and forgets them in the order record; a failed removal is reported as an
 * event and kept in the record, so the next run tries again.
 */
export async function cleanupPresented(
  ctx: AcmeContext,
  store: OrderRecordStore,
  solvers: OrderSolvers,
  when: 'done' | 'recovery',
): Promise<void> {
  const presented = store.record?.presented ?? [];
  if (presented.length === 0) return;
  const left: PresentedChallenge[] = [];
  for (const p of presented) {
    try {
      if (p.type === 'dns-01') {
        const solver = when === 'recovery' ? solvers.dns01Inner : solvers.dns01;
        if (!solver)
          throw new AcmeError(
            'ERR_ACME_NO_SOLVER',
            'No DNS-01 solver is configured to remove a stored record.',
          );
        const context = solverContext(ctx, p.identifier, solver.name);
        await solverCall(solver.name, `remove ${p.record.name}`, () => solver.cleanup(p.record, context));
      } else {
        const solver = solvers.http01;
        if (!solver)
          throw new AcmeError(
            'ERR_ACME_NO_SOLVER',
            'No HTTP-01 solver is configured to remove a stored token.',
          );
        await solverCall(solver.name, 'remove a token', () => solver.cleanup(p.challenge));
      }
      ctx.emit({ type: 'challenge-cleaned-up', identifier: p.identifier, challenge: p.type, when });
    } catch (error) {
      left.push(p);
      const code = isCertkitError(error) ? error.code : 'ERR_ACME_SOLVER_FAILED';
      ctx.emit({ type: 'cleanup-failed', identifier: p.identifier, challenge: p.type, code });
    }
  }
  if (store.record) await store.update((r) => ({ ...r, presented: left }));
}

async function fetchAuthz(
  client: ProtocolClient,
  url: string,
): Promise<{ authz: Authz; retryAfter?: string | undefined }> {
  const resp = await client.api.getAuthorization(url);
  return { authz: { ...(resp.data as Authz), url }, retryAfter: resp.headers['retry-after'] };
}

function failureOf(authz: Authz): AuthorizationFailure {
  const failed =
    authz.challenges.find((c) => c.status === 'invalid') ?? authz.challenges.find((c) => c.error);
  const error = (failed as { error?: unknown } | undefined)?.error;
  return {
    identifier: identifierName(authz),
    challenge: failed?.type === 'dns-01' || failed?.type === 'http-01' ? failed.type : undefined,
    problem: isProblem(error) ? cleanProblem(error) : undefined,
  };
}

/**
 * Answers every pending authorization of an order: publishes each challenge (recorded in storage first),
 * self-checks it, tells the CA, and polls until each authorization is valid or invalid. Returns the
 * failures (empty when all are valid).
 */
export async function solveAuthorizations(
  ctx: AcmeContext,
  client: ProtocolClient,
  store: OrderRecordStore,
  solvers: OrderSolvers,
  authorizationUrls: readonly string[],
): Promise<AuthorizationFailure[]> {
  const authzs = await Promise.all(
    authorizationUrls.map(async (url) => (await fetchAuthz(client, url)).authz),
  );
  const failures: AuthorizationFailure[] = [];
  const work: Array<{ authz: Authz; challenge: Challenge; presented: PresentedChallenge }> = [];
  for (const authz of authzs) {
    if (authz.status === 'valid') {
      ctx.emit({ type: 'authorization-valid', identifier: identifierName(authz) });
      continue;
    }
    if (authz.status !== 'pending') {
      failures.push(failureOf(authz));
      continue;
    }
    const challenge = pickChallenge(ctx, authz, solvers);
    const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
    work.push({ authz, challenge, presented: presentedFor(authz, challenge, keyAuthorization) });
  }
  if (failures.length > 0) return failures;
  // Record before publishing: a crash after publishing must still find what to remove.
  await store.update((r) => ({ ...r, presented: [...r.presented, ...work.map((w) => w.presented)] }));
  await Promise.all(work.map((w) => publish(ctx, solvers, w.presented)));
  const results = await Promise.all(
    work.map(async ({ authz, challenge, presented }) => {
      if (challenge.status === 'pending') {
        await client.completeChallenge(challenge);
        ctx.emit({
          type: 'challenge-submitted',
          identifier: presented.identifier,
          challenge: presented.type,
        });
      }
      return whileWaiting(
        ctx,
        `the CA to validate ${presented.identifier}`,
        () =>
          pollUntil(
            async () => {
              const { authz: now, retryAfter } = await fetchAuthz(client, authz.url);
              return { value: now, done: now.status !== 'pending', retryAfterHeader: retryAfter };
            },
            ctx.options.pollIntervalMs ?? 500,
            ctx.signal,
          ),
        presented.identifier,
      );
    }),
  );
  for (const authz of results) {
    if (authz.status === 'valid') {
      ctx.emit({ type: 'authorization-valid', identifier: identifierName(authz) });
    } else {
      const failure = failureOf(authz);
      ctx.emit({ type: 'authorization-invalid', identifier: failure.identifier, problem: failure.problem });
      failures.push(failure);
    }
  }
  return failures;
}
