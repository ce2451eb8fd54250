import type https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { singleContextDoc, type ResolvedKubeconfig } from './kubeconfig-merge.js';
import type { CredentialOrigin, Credentials, RequestAuth } from './types.js';

/**
 * The only user of @kubernetes/client-node, imported on first use: exec plugins (`oc login`
 * flows, cloud IAM helpers) and auth providers need its token caching and refresh. Every other
 * way of authenticating is read directly, so the module (~80 MiB resident) stays unloaded.
 */
export function pluginCredentials(
  resolved: ResolvedKubeconfig,
  server: URL,
  origin: CredentialOrigin,
): Credentials {
  let loading: Promise<KubeConfig> | undefined;
  const kubeConfig = (): Promise<KubeConfig> =>
    (loading ??= import('@kubernetes/client-node').then((clientNode) => {
      const kc = new clientNode.KubeConfig();
      kc.loadFromString(JSON.stringify(singleContextDoc(resolved)));
      return kc;
    }));
  return {
    server,
    origin,
    auth: async (): Promise<RequestAuth> => {
      const options: https.RequestOptions = { headers: {} };
      // Runs the plugin when its cached token is missing or expired.
      await (await kubeConfig()).applyToHTTPSOptions(options);
      const auth = (options.headers as Record<string, string | undefined>)['Authorization'];
      return {
        tls: {
          rejectUnauthorized: options.rejectUnauthorized !== false,
          ...(options.ca ? { ca: options.ca as string | Buffer } : {}),
          ...(options.cert ? { cert: options.cert as string | Buffer } : {}),
          ...(options.key ? { key: options.key as string | Buffer } : {}),
          ...(options.servername ? { servername: options.servername } : {}),
        },
        headers: auth ? { Authorization: auth } : {},
      };
    },
  };
}
