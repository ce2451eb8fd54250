import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Pki } from './control-plane/pki.js';

/** The parts of an admission.k8s.io/v1 AdmissionReview request a test webhook decides on. */
export interface AdmissionRequest {
  uid: string;
  operation: string;
  name?: string;
  namespace?: string;
  dryRun?: boolean;
  userInfo?: { username?: string };
  options?: { fieldManager?: string };
  resource?: { group: string; version: string; resource: string };
}

/** The webhook's answer: allow, or deny with a message and an HTTP-like status code. */
export type AdmissionVerdict = { allowed: true } | { allowed: false; message: string; code?: number };

export interface TestWebhook {
  url: string;
  /** PEM of the CA that signed the serving certificate, base64 (a webhook's caBundle). */
  caBundle: string;
  /** Every request seen, with the verdict given. */
  seen: { request: AdmissionRequest; verdict: AdmissionVerdict }[];
  stop(): Promise<void>;
}

/** A serving certificate for 127.0.0.1 signed by the control plane's CA (openssl, as pki.ts does). */
function mintServingCert(pki: Pki): { cert: string; key: string } {
  const run = (args: string[]): void =>
    void execFileSync('openssl', args, { cwd: pki.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(
    path.join(pki.dir, 'webhook.ext'),
    'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  run([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'webhook.key',
    '-out',
    'webhook.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  run([
    'x509',
    '-req',
    '-in',
    'webhook.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'webhook.crt',
    '-days',
    '1',
    '-extfile',
    'webhook.ext',
  ]);
  return { cert: path.join(pki.dir, 'webhook.crt'), key: path.join(pki.dir, 'webhook.key') };
}

/**
 * An HTTPS admission webhook on 127.0.0.1 (a free port) that answers every AdmissionReview with
 * `decide`'s verdict; point a ValidatingWebhookConfiguration at `url` with `caBundle`.
 */
export async function startWebhook(
  pki: Pki,
  decide: (request: AdmissionRequest) => AdmissionVerdict,
): Promise<TestWebhook> {
  const { cert, key } = mintServingCert(pki);
  const seen: TestWebhook['seen'] = [];
  const server = https.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const review = JSON.parse(body) as { apiVersion: string; request: AdmissionRequest };
      const verdict = decide(review.request);
      seen.push({ request: review.request, verdict });
      const response = verdict.allowed
        ? { uid: review.request.uid, allowed: true }
        : {
            uid: review.request.uid,
            allowed: false,
            status: { message: verdict.message, code: verdict.code ?? 403 },
          };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/validate`,
    caBundle: readFileSync(pki.caCert).toString('base64'),
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
