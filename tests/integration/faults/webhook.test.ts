import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../../support/cluster.js';
import { eventsFor, startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import {
  startWebhook,
  type AdmissionRequest,
  type AdmissionVerdict,
  type TestWebhook,
} from '../../support/webhook.js';
import {
  BIG_BURST,
  customise,
  drift,
  expectInvariants,
  NS,
  SERVICE,
  startFaultEnv,
  type FaultEnv,
} from './fault-env.js';

const MESSAGE = 'services are frozen by the change-freeze policy';
const series = { kind: 'Service', name: SERVICE.name, namespace: NS };

/** The webhook's behaviour, switched by the tests: only the operator's real writes to the Service are judged. */
interface Policy {
  mode: 'allow' | 'reject' | 'conflict';
  conflictsLeft: number;
}

const isOperatorWrite = (r: AdmissionRequest): boolean =>
  r.name === SERVICE.name && r.dryRun !== true && r.options?.fieldManager === 'virt-platform-autopilot';

function decide(policy: Policy, r: AdmissionRequest): AdmissionVerdict {
  if (!isOperatorWrite(r) || policy.mode === 'allow') return { allowed: true };
  if (policy.mode === 'reject') return { allowed: false, message: MESSAGE, code: 403 };
  if (policy.conflictsLeft <= 0) return { allowed: true };
  policy.conflictsLeft--;
  return { allowed: false, message: 'injected conflict: the object has been modified', code: 409 };
}

describe('fault: a validating admission webhook rejects the operator writes', () => {
  let env: FaultEnv;
  let op: RunningOperator;
  let webhook: TestWebhook;
  const policy: Policy = { mode: 'allow', conflictsLeft: 0 };
  const operatorWrites = () => webhook.seen.filter((s) => isOperatorWrite(s.request));

  beforeAll(async () => {
    env = await startFaultEnv();
    webhook = await startWebhook(env.plane.pki, (r) => decide(policy, r));
    await env.client.create({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'fault-webhook' },
      webhooks: [
        {
          name: 'services.faults.autopilot.test',
          clientConfig: { url: webhook.url, caBundle: webhook.caBundle },
          rules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['services'],
            },
          ],
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          failurePolicy: 'Fail',
          timeoutSeconds: 5,
        },
      ],
    });
    op = await startOperator({ namespace: NS, kubeconfig: env.plane.kubeconfigPath, flags: [BIG_BURST] });
    await waitForCompliance(op, series, 1);
    await customise(env.client);
    await eventually(async () => operatorWrites().length > 0, { what: 'the webhook to see the operator' });
  });
  afterAll(async () => {
    await op?.stop();
    await webhook?.stop();
    env?.client.close();
    await env?.plane.stop();
  });

  it('holds the object in failed state with the reason visible, and recovers when the webhook allows again', async () => {
    policy.mode = 'reject';

    await drift(env.client, 'edited-during-freeze');

    await waitForCompliance(op, series, 0);
    const events = await eventually(
      async () => {
        const all = await eventsFor(env.client, NS, SERVICE.name);
        const failed = all.filter((e) => e.reason === 'ApplyFailed');
        return failed.length > 0 && failed;
      },
      { what: 'an ApplyFailed Event' },
    );
    expect(events[0]?.type).toBe('Warning');
    expect(String(events[0]?.note)).toContain(MESSAGE);
    expect(op.logs.some((l) => l.includes('failed to apply') && l.includes(MESSAGE))).toBe(true);

    policy.mode = 'allow';

    await expectInvariants(env, op.scrape);
  });

  it('retries after 409 conflicts and converges', async () => {
    const before = operatorWrites().length;
    Object.assign(policy, { mode: 'conflict', conflictsLeft: 3 });

    await drift(env.client, 'edited-before-conflicts');

    await expectInvariants(env, op.scrape);
    const attempts = operatorWrites().slice(before);
    expect(attempts.filter((a) => !a.verdict.allowed)).toHaveLength(3);
    expect(attempts.at(-1)?.verdict.allowed).toBe(true);
  });
});
