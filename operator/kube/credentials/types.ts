/** TLS material for the connection to the API server (PEM text or bytes). */
export interface TlsMaterial {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** false only with `insecure-skip-tls-verify: true`. */
  rejectUnauthorized: boolean;
  /** kubeconfig `tls-server-name`: the name the server certificate is checked against. */
  servername?: string;
}

/** What one request needs: TLS for its connection and the headers that authenticate it. */
export interface RequestAuth {
  tls: TlsMaterial;
  headers: Readonly<Record<string, string>>;
}

/** Where the credentials came from, for the start-up log. */
export interface CredentialOrigin {
  kind: 'in-cluster' | 'kubeconfig';
  /** Token file, kubeconfig file(s). */
  files: readonly string[];
  /** Set when @kubernetes/client-node is loaded to run an exec plugin or an auth provider. */
  plugin?: 'exec' | 'auth-provider';
  user?: string;
}

/**
 * Credentials for one API server. `auth()` is called per request: token files are re-read and
 * plugin tokens refreshed behind it, so a rotated token is picked up without a restart.
 */
export interface Credentials {
  readonly server: URL;
  readonly origin: CredentialOrigin;
  auth(): Promise<RequestAuth>;
}

/** What decides where credentials come from (built by config, never read from process.env here). */
export interface CredentialSettings {
  /** Explicit kubeconfig: a path, or several joined with ':' like $KUBECONFIG. */
  kubeconfig?: string;
  inCluster: InClusterSettings;
  /** $HOME, for the ~/.kube/config fallback. */
  home?: string;
}

export interface InClusterSettings {
  /** KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT: both set means "running in a Pod". */
  host?: string;
  port?: string;
  tokenFile: string;
  caFile: string;
}
