import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
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
/**
 * An HTTPS admission webhook on 127.0.0.1 (a free port) that answers every AdmissionReview with
 * `decide`'s verdict; point a ValidatingWebhookConfiguration at `url` with `caBundle`.
 */
export async function startWebhook(
  pki: Pki,
  decide: (request: AdmissionRequest) => AdmissionVerdict,
): Promise<TestWebhook> {
  // The control plane's serving certificate already names 127.0.0.1 and is signed by the same CA.
  const { serverCert: cert, serverKey: key } = pki;
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
