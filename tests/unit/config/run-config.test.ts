import { describe, expect, it } from '@jest/globals';
import { hostname } from 'node:os';
import path from 'node:path';
import { ConfigError, parseRunConfig, runFlagSpec, usage } from '../../../operator/config.js';
import { repoRoot } from '../../support/paths.js';

describe('parseRunConfig', () => {
  it('uses the documented defaults when nothing is given', () => {
    const config = parseRunConfig([], {});

    expect(config).toMatchObject({
      namespace: 'openshift-cnv',
      metricsBindAddress: ':8080',
      healthProbeBindAddress: ':8082',
      debugBindAddress: '127.0.0.1:8081',
      enableDebugServer: true,
      leaderElect: false,
      leaderElectionId: 'virt-platform-autopilot',
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2000,
      resyncPeriodMs: 300_000,
      shutdownTimeoutMs: 30_000,
      throttle: { burst: 5, refillPerMinute: 1, strictBurst: 2 },
      logLevel: 'info',
      templatesDir: path.join(repoRoot, 'templates'),
      images: {},
    });
    expect('kubeconfig' in config).toBe(false);
  });

  it('reads the flags the manifests pass', () => {
    const argv = [
      '--leader-elect',
      '--metrics-bind-address=0',
      '--health-probe-bind-address',
      ':9440',
      '--debug-bind-address=[::1]:0',
      '--enable-debug-server=false',
      '--resync-period=1m30s',
      '--throttle-burst=10',
      '--throttle-refill-per-minute=0.5',
      '--zap-log-level=debug',
      '--graceful-shutdown-timeout=0s',
    ];

    const config = parseRunConfig(argv, {});

    expect(config).toMatchObject({
      leaderElect: true,
      metricsBindAddress: '0',
      healthProbeBindAddress: ':9440',
      debugBindAddress: '[::1]:0',
      enableDebugServer: false,
      resyncPeriodMs: 90_000,
      throttle: { burst: 10, refillPerMinute: 0.5, strictBurst: 2 },
      logLevel: 'debug',
      shutdownTimeoutMs: 0,
    });
  });

  it.each([
    [[], {}, 'openshift-cnv'],
    [[], { POD_NAMESPACE: 'from-env' }, 'from-env'],
    [['--namespace=from-flag'], { POD_NAMESPACE: 'from-env' }, 'from-flag'],
    [['--namespace', 'from-flag'], {}, 'from-flag'],
  ])('with argv %j and env %j runs in namespace %s (the flag wins)', (argv, env, expected) => {
    const config = parseRunConfig(argv, env);

    expect(config.namespace).toBe(expected);
  });

  it.each([
    [[], {}, undefined],
    [[], { KUBECONFIG: '/env/kubeconfig' }, '/env/kubeconfig'],
    [['--kubeconfig=/flag/kubeconfig'], { KUBECONFIG: '/env/kubeconfig' }, '/flag/kubeconfig'],
  ])('with argv %j and env %j uses kubeconfig %s', (argv, env, expected) => {
    const config = parseRunConfig(argv, env);

    expect(config.kubeconfig).toBe(expected);
  });

  it('takes the in-cluster API server from the environment and the token and CA from the mount', () => {
    const config = parseRunConfig([], {
      KUBERNETES_SERVICE_HOST: '172.30.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      HOME: '/home/op',
    });

    expect(config.credentials).toEqual({
      inCluster: {
        host: '172.30.0.1',
        port: '443',
        tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
      },
      home: '/home/op',
    });
  });

  it('reads the token and CA from --service-account-dir and passes the kubeconfig on', () => {
    const config = parseRunConfig(['--service-account-dir=/tmp/sa', '--kubeconfig=/k'], {});

    expect(config.credentials).toEqual({
      kubeconfig: '/k',
      inCluster: { tokenFile: '/tmp/sa/token', caFile: '/tmp/sa/ca.crt' },
    });
  });

  it.each([
    ['--namespace=Not_A_Namespace', '--namespace: "Not_A_Namespace" is not a valid name'],
    ['--namespace=', '--namespace: "" is not a valid name'],
    ['--metrics-bind-address=8080', '--metrics-bind-address: "8080" is not a bind address'],
    ['--health-probe-bind-address=:http', '--health-probe-bind-address: ":http" is not a bind address'],
    ['--debug-bind-address=0.0.0.0:8081', '--debug-bind-address: "0.0.0.0:8081" is not a loopback address'],
    ['--debug-bind-address=:8081', '--debug-bind-address: ":8081" is not a loopback address'],
    ['--debug-bind-address=10.0.0.1:8081', '--debug-bind-address: "10.0.0.1:8081" is not a loopback address'],
    ['--enable-debug-server=maybe', '--enable-debug-server: "maybe" is not a boolean'],
    ['--leader-elect=on', '--leader-elect: "on" is not a boolean'],
    ['--leader-election-id=Bad_Id', '--leader-election-id: "Bad_Id" is not a valid object name'],
    ['--leader-elect-lease-duration=15', '--leader-elect-lease-duration: "15" is not a duration'],
    ['--leader-elect-renew-deadline=0s', '--leader-elect-renew-deadline: must be longer than 0s'],
    ['--leader-elect-retry-period=-2s', '--leader-elect-retry-period: "-2s" is negative'],
    ['--resync-period=5 minutes', '--resync-period: "5 minutes" is not a duration (e.g. 30s, 5m)'],
    ['--graceful-shutdown-timeout=soon', '--graceful-shutdown-timeout: "soon" is not a duration'],
    ['--throttle-burst=0', '--throttle-burst: 0 must be a whole number of at least 1'],
    ['--throttle-burst=2.5', '--throttle-burst: 2.5 must be a whole number of at least 1'],
    ['--throttle-refill-per-minute=0', '--throttle-refill-per-minute: 0 must be more than 0'],
    ['--throttle-strict-burst=x', '--throttle-strict-burst: "x" is not a number'],
    ['--log-level=trace', '--log-level: "trace" is not one of error, warn, info, debug'],
    ['--zap-log-level=verbose', '--zap-log-level: "verbose" is not one of error, warn, info, debug'],
    ['--development', '--development: unknown flag'],
  ])('rejects %s with a ConfigError naming the flag', (arg, message) => {
    const attempt = (): unknown => parseRunConfig([arg], {});

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('names the environment variable when a fallback value is bad', () => {
    const attempt = (): unknown => parseRunConfig([], { POD_NAMESPACE: 'Bad' });

    expect(attempt).toThrow('--namespace (from POD_NAMESPACE): "Bad" is not a valid name');
  });

  it.each([
    [['--leader-elect-renew-deadline=15s'], '--leader-elect-renew-deadline: 15s must be shorter than'],
    [['--leader-elect-lease-duration=8s'], '--leader-elect-renew-deadline: 10s must be shorter than'],
    [['--leader-elect-retry-period=9s'], '--leader-elect-retry-period: 9s must be shorter than'],
  ])('rejects leader-election timings %j that client-go would refuse', (argv, message) => {
    const attempt = (): unknown => parseRunConfig(argv, {});

    expect(attempt).toThrow(message);
  });

  it('refuses a positional argument', () => {
    const attempt = (): unknown => parseRunConfig(['--leader-elect', 'extra'], {});

    expect(attempt).toThrow('run: unexpected argument "extra"');
  });

  it('maps RELATED_IMAGE_* variables to lower-case, dash-separated image keys', () => {
    const env = {
      RELATED_IMAGE_KUBE_RBAC_PROXY: 'quay.io/x/proxy:1',
      RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER: 'quay.io/x/exporter@sha256:abc',
      RELATED_IMAGE_EMPTY: '',
      RELATED_IMAGE_: 'ignored',
      OTHER_IMAGE: 'ignored',
    };

    const config = parseRunConfig([], env);

    expect(config.images).toEqual({
      'kube-rbac-proxy': 'quay.io/x/proxy:1',
      'kubevirt-metrics-exporter': 'quay.io/x/exporter@sha256:abc',
    });
  });

  it.each([
    [{ POD_NAME: 'autopilot-7d9f-abcde' }, /^autopilot-7d9f-abcde$/],
    [{}, new RegExp(`^${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_[0-9a-f]{8}$`)],
  ])('derives the leader-election identity from env %j', (env, pattern) => {
    const config = parseRunConfig([], env);

    expect(config.identity).toMatch(pattern);
  });

  it('gives two processes on one host different identities', () => {
    const first = parseRunConfig([], {}).identity;

    const second = parseRunConfig([], {}).identity;

    expect(first).not.toBe(second);
  });

  it('resolves a relative --templates-dir against the working directory', () => {
    const config = parseRunConfig(['--templates-dir=some/templates'], {});

    expect(config.templatesDir).toBe(path.resolve('some/templates'));
  });

  it('returns a frozen config of typed values that keeps no copy of the environment', () => {
    const env: Record<string, string | undefined> = {
      POD_NAME: 'p',
      RELATED_IMAGE_X: 'img',
      SECRET_TOKEN: 's',
    };

    const config = parseRunConfig([], env);
    env['RELATED_IMAGE_X'] = 'changed';

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.throttle)).toBe(true);
    expect(Object.isFrozen(config.images)).toBe(true);
    expect(config.images).toEqual({ x: 'img' });
    expect(JSON.stringify(config)).not.toContain('SECRET_TOKEN');
  });
});

describe('run usage', () => {
  it('documents every run flag with its default', () => {
    const text = usage(runFlagSpec);

    expect(text).toContain('--debug-bind-address string');
    expect(text).toContain('(default "127.0.0.1:8081")');
    expect(text).toContain('(default "openshift-cnv"; env POD_NAMESPACE)');
    expect(text.trimEnd().split('\n')).toHaveLength(Object.keys(runFlagSpec).length);
  });
});
