import * as assert from 'node:assert/strict';
import {
  jsonLine,
  terminalLines,
  terminalSafe,
  terminalSafeJson,
} from '../../../../src/core/text/terminalSafe';

suite('text/terminalSafe', () => {
  test('every C0, DEL and C1 control becomes a visible escape; other text is unchanged', () => {
    for (let code = 0; code <= 0x9f; code++) {
      const shown = terminalSafe(String.fromCharCode(code));
      const control = code < 0x20 || code >= 0x7f;
      if (control) assert.match(shown, /^\\(x[0-9a-f]{2}|[tnr])$/, `U+${code.toString(16)}`);
      else assert.equal(shown, String.fromCharCode(code));
    }
    assert.equal(terminalSafe('\u001b]0;pwned\u0007'), '\\x1b]0;pwned\\x07');
    assert.equal(terminalSafe('a\r\nb\tc'), 'a\\r\\nb\\tc');
    assert.equal(terminalSafe('café 漢字 \u{1f600} \u00a0'), 'café 漢字 \u{1f600} \u00a0');
  });

  test('terminalLines keeps the newlines between lines and escapes the rest', () => {
    assert.equal(terminalLines('one\u001b[2J\ntwo\r'), 'one\\x1b[2J\ntwo\\r');
  });

  test('JSON for a terminal escapes DEL, C1 and U+2028/U+2029 and parses to the same value', () => {
    const value = { s: 'a\u007f\u0085\u009b\u2028\u2029\u001b', n: 1 };
    const line = jsonLine(value);
    assert.ok(line.endsWith('\n'));
    assert.ok(!/[^\u0020-\u007e\u00a0-\u2027\u202a-\uffff]/.test(line.trimEnd()), line);
    assert.deepEqual(JSON.parse(line), value);
    assert.equal(terminalSafeJson('{"a":"b"}'), '{"a":"b"}');
  });
});
