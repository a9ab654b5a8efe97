import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';

/** The lines an output channel's `info` was given while spied on. */
export interface OutputSpy {
  readonly lines: string[];
  restore(): void;
}

/**
 * Wraps `channel.info` (on the channel object the extension writes to) so a test reads its
 * lines; each line still reaches the channel.
 */
export function spyOnOutputInfo(channel: vscode.LogOutputChannel): OutputSpy {
  const target = channel as unknown as Record<'info', (...args: unknown[]) => void>;
  const original = target.info;
  const lines: string[] = [];
  const wrapper = (...args: unknown[]): void => {
    lines.push(String(args[0]));
    original.apply(channel, args);
  };
  assert.ok(Reflect.set(target, 'info', wrapper), 'the output channel cannot be wrapped');
  return { lines, restore: () => void Reflect.set(target, 'info', original) };
}
