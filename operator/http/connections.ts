import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Lets a stopping server finish in-flight responses while closing everything else: idle
 * keep-alive sockets, sockets that never sent a request, and sockets that arrive late.
 * (node's closeIdleConnections misses sockets the HTTP layer has not seen a request on yet.)
 */
export class ConnectionTracker {
  private readonly inFlight = new Map<Socket, number>();
  private stopping = false;

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      if (this.stopping) {
        socket.destroy();
        return;
      }
      this.inFlight.set(socket, 0);
      socket.once('close', () => this.inFlight.delete(socket));
    });
    server.on('request', (req, res) => {
      const socket = req.socket;
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 0) + 1);
      res.once('close', () => this.inFlight.set(socket, (this.inFlight.get(socket) ?? 1) - 1));
    });
  }

  /** True once stop() began: responses should carry `Connection: close`. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** Destroys every socket without a request in flight; the busy ones close after their response. */
  closeIdle(): void {
    this.stopping = true;
    for (const [socket, count] of this.inFlight) {
      if (count === 0) socket.destroy();
    }
  }
}
