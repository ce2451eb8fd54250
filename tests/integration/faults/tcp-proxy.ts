import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';

/**
 * A loopback TCP proxy in front of kube-apiserver (TLS passes through untouched). `cut()` drops
 * every connection and refuses new ones until `restore()`: the client behind it loses its
 * watches while everyone else can still reach the server.
 */
export class TcpProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private open = true;
  port = 0;

  constructor(private readonly targetPort: number) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  cut(): void {
    this.open = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.open = true;
  }

  /** A copy of `kubeconfig` whose server is this proxy. */
  kubeconfigThrough(kubeconfig: string): string {
    const file = `${kubeconfig}-via-proxy`;
    writeFileSync(
      file,
      readFileSync(kubeconfig, 'utf8').replace(`127.0.0.1:${this.targetPort}`, `127.0.0.1:${this.port}`),
    );
    return file;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (!this.open) return void client.destroy();
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  }
}
