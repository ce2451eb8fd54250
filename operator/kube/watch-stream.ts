import type http from 'node:http';
import type https from 'node:https';
import { KubeApiError, OperatorError } from '../errors.js';
import type { WatchEvent, WatchHandle } from './client.js';
import { apiError, readBody, transport } from './http.js';
import { splitLines } from './lines.js';
import { apiVersionOf, type GroupVersionKind } from './types.js';

/**
 * One watch stream: newline-delimited JSON events until the server ends it (resolve), a Status
 * ERROR event or a broken connection (reject). `stop()` ends it quietly.
 */
export function openWatch(
  url: URL,
  reqOptions: https.RequestOptions,
  gvk: GroupVersionKind,
  onEvent: (event: WatchEvent) => void,
): WatchHandle {
  let req: http.ClientRequest | undefined;
  let stopped = false;
  const done = new Promise<void>((resolve, reject) => {
    req = transport(url).request(url, { ...reqOptions, timeout: 0 }, (res) => {
      if (res.statusCode !== 200) {
        readBody(res).then(
          (body) => reject(apiError(`watch ${gvk.kind}`, { status: res.statusCode ?? 0, body })),
          reject,
        );
        return;
      }
      const onLine = (line: string): void => {
        if (!line.trim()) return;
        let event: WatchEvent;
        try {
          event = JSON.parse(line) as WatchEvent;
        } catch {
          return; // a torn line can only be the last one of a broken stream; the restart relists
        }
        if (event.type === 'ERROR') {
          const status = event.object as unknown as { code?: number; reason?: string; message?: string };
          reject(
            new KubeApiError(
              `watch ${gvk.kind}: ${status.message ?? 'error'}`,
              status.code ?? 500,
              status.reason ?? '',
            ),
          );
          req?.destroy();
          return;
        }
        if (event.object && event.type !== 'BOOKMARK') {
          event.object.apiVersion = apiVersionOf(gvk);
          event.object.kind = gvk.kind;
        }
        onEvent(event);
      };
      // Newline-delimited JSON; setEncoding keeps a UTF-8 character split across chunks whole.
      res.setEncoding('utf8');
      let rest = '';
      res.on('data', (chunk: string) => {
        const split = splitLines(rest, chunk);
        rest = split.rest;
        for (const line of split.lines) onLine(line);
      });
      res.on('end', () => {
        if (rest) onLine(rest);
        rest = '';
      });
      res.on('error', (err) => (stopped ? resolve() : reject(err)));
      res.on('close', () =>
        stopped || res.complete ? resolve() : reject(new OperatorError(`watch ${gvk.kind}: connection lost`)),
      );
    });
    req.on('error', (err) =>
      stopped ? resolve() : reject(new OperatorError(`watch ${gvk.kind}: ${err.message}`, { cause: err })),
    );
    req.end();
  });
  done.catch(() => undefined); // callers observe `done`; never an unhandled rejection
  return {
    done,
    stop: () => {
      stopped = true;
      req?.destroy();
    },
  };
}
