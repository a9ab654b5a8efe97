import * as vscode from 'vscode';
import { sentByDevTools } from '../../core/receiver/receiptOrigin';
import type { SettingsService } from '../config/settings';
import type { ConnectionsService } from '../connections/connectionsService';
import { type WalkthroughStep, WalkthroughKeys } from '../constants';
import type { DeliveryService } from '../deliveries/deliveryService';
import { Disposable, type DisposableLike } from '../lifecycle';
import type { ReceiverService } from '../receiver/receiverService';

/** What the walkthrough's steps are about: what the user does, and what they see doing it. */
export interface WalkthroughSources {
  readonly connections: Pick<ConnectionsService, 'onDidChange' | 'list' | 'mode'>;
  readonly connectionsView: Pick<vscode.TreeView<unknown>, 'visible' | 'onDidChangeVisibility'>;
  readonly deliveries: Pick<DeliveryService, 'onDidChange' | 'isSending'>;
  readonly receiver: Pick<ReceiverService, 'onDidReceive'>;
  readonly settings: Pick<SettingsService, 'value' | 'onDidChange'>;
}

/** Sets a context key; the workbench's `setContext` unless a test records the calls. */
export type SetContext = (key: string, value: boolean) => void;

const workbenchSetContext: SetContext = (key, value) =>
  void vscode.commands.executeCommand('setContext', key, value);

/**
 * Ticks each step of the walkthrough when the user has done what it asks, and not before: its
 * context key (see {@link WalkthroughKeys}) turns true only then, and the manifest's steps complete
 * `onContext:` those keys. Running a command is not doing it: a pick dismissed with Escape sends
 * nothing and ticks nothing.
 *
 * Two kinds of step. A step about a setting or the account follows the state, from activation on:
 * the forward target already set, or an account already connected (stored credentials), ticks it
 * at once, and clearing them turns the key false again. A step about something the user did (saw
 * the connections listed, sent a test webhook, saw it arrive) turns true when it happens and
 * stays so; it is not restored at activation, because VS Code keeps a ticked step ticked across
 * sessions, and reading the delivery log at start-up would slow the editor for no gain.
 *
 * VS Code (1.139) reads a key that is already true when its getting-started service starts, but
 * does not tick the step for it. That service starts with the Welcome page, the default startup
 * editor, before this extension activates, so every key here turns true after it. With
 * `workbench.startupEditor` set to `none` it starts when the walkthrough is first opened, and a
 * step already done by then is not ticked in that session.
 */
export class WalkthroughProgress extends Disposable {
  private readonly done: Record<WalkthroughStep, boolean> = {
    connectionsShown: false,
    webhookSent: false,
    webhookReceived: false,
    forwardTargetSet: false,
    connected: false,
    realWebhookReceived: false,
  };
  private readonly watching = new Map<WalkthroughStep, DisposableLike>();

  constructor(
    private readonly sources: WalkthroughSources,
    private readonly setContext: SetContext = workbenchSetContext,
  ) {
    super();
    const { connections, connectionsView, deliveries, receiver, settings } = sources;
    this.followState();
    this._register(connections.onDidChange(() => this.followState()));
    this._register(settings.onDidChange((names) => names.has('forwardTo') && this.followState()));
    const showing = this.until<unknown>('connectionsShown', () => this.connectionsShown(), [
      connections.onDidChange,
      connectionsView.onDidChangeVisibility,
    ]);
    showing(undefined); // The view may be open, and the list loaded, already.
    this.until('webhookSent', (record) => record !== undefined && record.attempts.length > 0, [
      deliveries.onDidChange,
    ]);
    // Only a test webhook the user sent: the sandbox's own webhooks arrive without them.
    this.until(
      'webhookReceived',
      ({ receipt }) => !!receipt.eventId && deliveries.isSending(receipt.eventId),
      [receiver.onDidReceive],
    );
    // A real webhook: verified with the portal's secret, and sent by none of this product's senders.
    this.until('realWebhookReceived', ({ receipt }) => receipt.verified && !sentByDevTools(receipt.headers), [
      receiver.onDidReceive,
    ]);
  }

  /** Which steps are done, as their context keys say. */
  get state(): Readonly<Record<WalkthroughStep, boolean>> {
    return { ...this.done };
  }

  override dispose(): void {
    for (const listener of this.watching.values()) listener.dispose();
    this.watching.clear();
    super.dispose();
  }

  private connectionsShown(): boolean {
    return this.sources.connectionsView.visible && this.sources.connections.list().length > 0;
  }

  /** The steps that follow a setting or the account, both ways. */
  private followState(): void {
    // The settings service replaces an invalid URL by the default, empty: set is valid.
    this.mark('forwardTargetSet', this.sources.settings.value.forwardTo !== '');
    this.mark('connected', this.sources.connections.mode === 'live');
  }

  /** Listens to `events` until one makes `happened` true, then ticks `step` for good. Answers the check. */
  private until<T>(
    step: WalkthroughStep,
    happened: (value: T) => boolean,
    events: vscode.Event<T>[],
  ): (value: T) => void {
    const check = (value: T): void => {
      if (!happened(value)) return;
      this.mark(step, true);
      this.watching.get(step)?.dispose();
      this.watching.delete(step);
    };
    const listeners = events.map((event) => event(check));
    this.watching.set(step, {
      dispose: () => {
        for (const listener of listeners) listener.dispose();
      },
    });
    return check;
  }

  private mark(step: WalkthroughStep, value: boolean): void {
    if (this.done[step] === value) return;
    this.done[step] = value;
    this.setContext(WalkthroughKeys[step], value);
  }
}
