import { describe, expect, it } from '@jest/globals';
import {
  isLoopbackHost,
  parseBindAddress,
  parseLoopbackBindAddress,
} from '../../../operator/config/bind-address.js';
import { ConfigError } from '../../../operator/config.js';

describe('parseBindAddress', () => {
  it.each([
    [':8080', { host: '', port: 8080 }],
    [':0', { host: '', port: 0 }],
    ['127.0.0.1:8081', { host: '127.0.0.1', port: 8081 }],
    ['[::1]:8081', { host: '::1', port: 8081 }],
    ['[::]:9000', { host: '::', port: 9000 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    ['0.0.0.0:65535', { host: '0.0.0.0', port: 65535 }],
    ['metrics.example.internal:8080', { host: 'metrics.example.internal', port: 8080 }],
  ])('splits %s into host and port', (text, expected) => {
    const address = parseBindAddress(text);

    expect(address).toEqual(expected);
  });

  it.each([
    '',
    '8080',
    ':',
    ':http',
    ':65536',
    '::1:8081',
    '[::1]',
    '[127.0.0.1]:80',
    'bad host:80',
    'a:b:c',
  ])('rejects %j as not a bind address', (text) => {
    const attempt = (): unknown => parseBindAddress(text);

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`"${text}" is not a bind address`);
  });
});

describe('loopback check', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.5.0.1', true],
    ['127.255.255.254', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['localhost', true],
    ['LocalHost', true],
    ['0.0.0.0', false],
    ['', false],
    ['::', false],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['8.8.8.8', false],
    ['2001:db8::1', false],
    ['localhost.example.com', false],
  ])('treats host %j as loopback: %s', (host, expected) => {
    const loopback = isLoopbackHost(host);

    expect(loopback).toBe(expected);
  });

  it.each(['127.0.0.1:8081', '127.5.0.1:8081', '[::1]:8081', 'localhost:8081'])(
    'accepts the loopback bind address %s',
    (text) => {
      const address = parseLoopbackBindAddress(text);

      expect(address.port).toBe(8081);
    },
  );

  it.each([
    ['0.0.0.0:8081', 'is not a loopback address'],
    [':8081', 'is not a loopback address'],
    ['10.0.0.1:8081', 'is not a loopback address'],
    ['203.0.113.7:8081', 'is not a loopback address'],
    ['[::]:8081', 'is not a loopback address'],
    ['', 'is not a bind address'],
    ['127.0.0.1', 'is not a bind address'],
  ])('refuses %j because it %s', (text, problem) => {
    const attempt = (): unknown => parseLoopbackBindAddress(text);

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`"${text}" ${problem}`);
  });
});
