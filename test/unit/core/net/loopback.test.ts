import * as assert from 'node:assert/strict';
import { checkHostHeader, isLoopbackHost, isLoopbackUrl } from '../../../../src/core/net/loopback';

suite('net/loopback', () => {
  test('loopback host names and addresses', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'app.localhost',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ]) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.1.2',
      'example.com',
      '127.0.0.1.nip.io',
      'localhost.example',
      '',
    ]) {
      assert.equal(isLoopbackHost(host), false, host);
    }
    assert.equal(isLoopbackUrl('http://[::1]:8080/hook'), true);
    assert.equal(isLoopbackUrl('https://example.com/'), false);
    assert.equal(isLoopbackUrl('not a url'), false);
  });

  test('a loopback-bound server accepts only loopback names in Host, with or without a port', () => {
    for (const header of [
      '127.0.0.1',
      '127.0.0.1:4010',
      'localhost:4010',
      'LocalHost',
      '[::1]',
      '[::1]:4010',
      ' localhost:1 ',
    ]) {
      assert.deepEqual(checkHostHeader(header, '127.0.0.1'), { ok: true }, header);
    }
    for (const bound of ['localhost', '::1']) assert.equal(checkHostHeader('localhost:1', bound).ok, true);
  });

  test('names given as also accepted (a tunnel host) pass, case-blind and with a port; others still do not', () => {
    const accepted = ['abc.ngrok-free.app'];
    for (const header of ['abc.ngrok-free.app', 'ABC.ngrok-free.app:443'])
      assert.deepEqual(checkHostHeader(header, '127.0.0.1', accepted), { ok: true }, header);
    for (const header of ['evil.example', 'abc.ngrok-free.app.evil.example', undefined])
      assert.equal(checkHostHeader(header, '127.0.0.1', accepted).ok, false, String(header));
  });

  test('other names, malformed values and a missing Host are refused with the reason', () => {
    for (const header of [
      'evil.example',
      'evil.example:4010',
      '127.0.0.1.nip.io',
      '[::1',
      'a:b:c',
      'localhost:99999x',
      '',
      undefined,
    ]) {
      const verdict = checkHostHeader(header, '127.0.0.1');
      assert.equal(verdict.ok, false, String(header));
      if (!verdict.ok) {
        assert.match(verdict.message, /DNS rebinding/);
        assert.match(verdict.message, header === undefined ? /got none/ : /got "/);
      }
    }
    const long = checkHostHeader('x'.repeat(5000), '127.0.0.1');
    assert.ok(!long.ok && long.message.length < 400, 'a long Host is cut short in the message');
  });

  test('a server bound to another address accepts any Host', () => {
    for (const bound of ['0.0.0.0', '::', '192.168.1.2']) {
      assert.deepEqual(checkHostHeader('evil.example', bound), { ok: true });
      assert.deepEqual(checkHostHeader(undefined, bound), { ok: true });
    }
  });
});
