import * as vscode from 'vscode';
import { FAULT_CHOICES, SandboxControl, type WorkOrderChange } from '../../core/api/sandboxControl';
import type { CommandTable } from '../commands/registerCommands';
import { CommandIds } from '../constants';
import { UserError } from '../userError';
import { Steps } from '../views/steps';
import type { ConnectionsService } from './connectionsService';

/** What the sandbox's commands work with. */
export interface SandboxCommandDeps {
  readonly connections: ConnectionsService;
  readonly output: vscode.LogOutputChannel;
}

/**
 * The connection context menu's sandbox commands, in sandbox mode: each drives the embedded
 * sandbox through its control endpoints, then reads the connection's health again.
 */
export function sandboxCommands(deps: SandboxCommandDeps): CommandTable {
  const on =
    (what: string, act: (control: SandboxControl, key: string) => Promise<void>) =>
    async (target: unknown): Promise<void> => {
      const key = keyFrom(target);
      await act(controlOf(deps.connections), key);
      deps.output.info(`Sandbox: ${what} on ${key}`);
      await deps.connections.refresh(key);
    };
  return {
    [CommandIds.takeOffline]: on('taken offline', (c, key) => c.setOnline(key, false)),
    [CommandIds.bringOnline]: on('brought online', (c, key) => c.setOnline(key, true)),
    [CommandIds.requireReauthorization]: on('reauthorization required', (c, key) =>
      c.requireReauthorization(key),
    ),
    [CommandIds.failNextSync]: on('a failed sync', (c, key) => c.failSync(key)),
    [CommandIds.injectApiFault]: (target, kind) => injectApiFault(deps, target, kind),
    [CommandIds.changeRecord]: (target) => changeRecord(deps, target),
    [CommandIds.setReadOnly]: (target, given) => setReadOnly(deps, target, given),
    [CommandIds.expireTokens]: async () => {
      await controlOf(deps.connections).expireTokens();
      void vscode.window.setStatusBarMessage('Makini sandbox: every access token has expired', 3000);
    },
  };
}

/** @throws UserError outside sandbox mode: a real Makini account cannot be driven. */
function controlOf(connections: ConnectionsService): SandboxControl {
  const client = connections.client;
  if (connections.mode !== 'sandbox' || !client) {
    throw new UserError(
      'unsupported',
      'This drives the sandbox, and the views show a Makini account. Run Use Sandbox first.',
    );
  }
  return new SandboxControl(client);
}

function keyFrom(target: unknown): string {
  if (typeof target === 'string' && target !== '') return target;
  if (typeof target === 'object' && target !== null && 'key' in target && typeof target.key === 'string')
    return target.key;
  throw new UserError('noSelection', 'Pick a connection in the Connections view first.');
}

/**
 * "Inject API Fault…": the next API call (the health poll's, or the app's) gets the fault picked.
 * Arguments: the connection node (unused: faults are the sandbox's), then the fault kind.
 */
async function injectApiFault(
  deps: SandboxCommandDeps,
  _target: unknown,
  given: unknown,
): Promise<string | undefined> {
  const control = controlOf(deps.connections);
  let choice = FAULT_CHOICES.find((c) => c.fault === given);
  if (given !== undefined && !choice) {
    const kinds = FAULT_CHOICES.map((c) => c.fault).join(', ');
    throw new UserError('invalidArguments', `The fault must be one of ${kinds}.`);
  }
  choice ??= await Steps.single().pick(FAULT_CHOICES, {
    title: 'Inject API Fault: the next API call gets…',
  });
  if (!choice) return undefined;
  await control.queueFault(choice.fault);
  deps.output.info(`Sandbox: the next API call gets ${choice.fault}`);
  void vscode.window.setStatusBarMessage(`Makini sandbox: the next API call gets ${choice.label}`, 3000);
  return choice.fault;
}

/**
 * "Change a Record": as an app would through the API, moves the connection's first work order to
 * the next status of its list (`PUT /api/eam/work-orders/{key}/status`); the sandbox then sends
 * its `work_orders.updated` webhook, which the Local Receiver shows.
 */
async function changeRecord(deps: SandboxCommandDeps, target: unknown): Promise<WorkOrderChange> {
  const key = keyFrom(target);
  const change = await controlOf(deps.connections).changeWorkOrderStatus(key);
  if (!change) {
    throw new UserError('nothingYet', `The sandbox connection ${key} has no work order to change.`);
  }
  deps.output.info(
    `Sandbox: work order ${change.workOrder} of ${key} moved from ${change.from} to ${change.to}; its work_orders.updated webhook follows`,
  );
  void vscode.window.setStatusBarMessage(
    `Makini sandbox: work order ${change.workOrder} is now ${change.to}`,
    3000,
  );
  return change;
}

const READ_ONLY_CHOICES = [
  {
    label: 'Read-only',
    detail: "Like Makini's sandbox connections: writes answer success and change nothing",
    readOnly: true,
  },
  { label: 'Writable', detail: 'Writes change the data and come back as webhooks', readOnly: false },
] as const;

/** "Set Read-Only…": the connection's writes change nothing (or do again). Arguments: the connection, then a boolean. */
async function setReadOnly(
  deps: SandboxCommandDeps,
  target: unknown,
  given: unknown,
): Promise<boolean | undefined> {
  const key = keyFrom(target);
  const control = controlOf(deps.connections);
  if (given !== undefined && typeof given !== 'boolean') {
    throw new UserError('invalidArguments', 'Set Read-Only takes true or false.');
  }
  const readOnly =
    typeof given === 'boolean'
      ? given
      : (await Steps.single().pick(READ_ONLY_CHOICES, { title: `Set Read-Only: ${key}` }))?.readOnly;
  if (readOnly === undefined) return undefined;
  await control.setReadOnly(key, readOnly);
  deps.output.info(`Sandbox: ${key} is ${readOnly ? 'read-only' : 'writable'}`);
  return readOnly;
}
