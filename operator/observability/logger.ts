import type { Writable } from 'node:stream';
import winston from 'winston';
import { OperatorError } from '../errors.js';

/** The operator's logger: winston, so children (`logger.child({ asset, kind, name, namespace })`) share its transport. */
export type Logger = winston.Logger;

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * Error values in fields become their message: a raw client exception serialises to `{}` in
 * JSON, and its internals (sockets, requests) must never reach the log.
 */
const errorFieldsAsMessages = winston.format((info) => {
  for (const [key, value] of Object.entries(info)) {
    if (value instanceof Error) info[key] = value.message;
  }
  return info;
});

/**
 * The one root logger (built in main.ts): JSON lines with `timestamp`, `level`, `message` and
 * the fields of the call and of its child chain. Constant messages, variables in fields.
 */
export function createLogger(opts: { level?: string; stream?: Writable } = {}): Logger {
  const level = opts.level ?? 'info';
  if (!isLogLevel(level)) {
    throw new OperatorError(`log level "${level}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return winston.createLogger({
    level,
    levels: winston.config.npm.levels,
    format: winston.format.combine(
      errorFieldsAsMessages(),
      winston.format.timestamp(),
      winston.format.json(),
    ),
    transports: [new winston.transports.Stream({ stream: opts.stream ?? process.stdout })],
    exitOnError: false,
  });
}
