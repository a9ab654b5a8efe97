import * as vscode from 'vscode';
import { findNgrokTunnel } from '../../core/net/ngrokAgent';
import { type PublicUrl, publicWebhookUrl } from '../../core/receiver/publicUrl';
import type { SettingName } from '../config/settingsSchema';
import type { SettingsService } from '../config/settings';
import { Disposable } from '../lifecycle';
import type { ReceiverService } from './receiverService';

/** What the Local Receiver view says of the public URL while the receiver runs. */
export type PublicUrlState =
  | { readonly kind: 'found'; readonly url: PublicUrl }
  /** No tunnel to the receiver's port: `port` is the one to open one to. */
  | { readonly kind: 'none'; readonly port: number };

/** How often the agent is asked while the view is visible: gently, it is a local call. */
export const PUBLIC_URL_POLL_MS = 5000;

const REFRESH_ON: readonly SettingName[] = ['ngrokApiUrl', 'publicUrl', 'receiverPath'];

export interface PublicUrlDeps {
  readonly settings: Pick<SettingsService, 'value' | 'onDidChange'>;
  readonly receiver: Pick<
    ReceiverService,
    'state' | 'onDidChangeState' | 'onDidReceive' | 'acceptPublicHosts'
  >;
  readonly output: Pick<vscode.LogOutputChannel, 'debug'>;
  readonly pollMs?: number;
}

/**
 * The receiver's public URL: `makini.receiver.publicUrl` when set, else the running ngrok agent's
 * tunnel to the receiver's port, asked every few seconds while the Local Receiver view is visible
 * (and once when a request names a host the receiver does not know, as a tunnel's do). An agent
 * that does not answer is silence. The receiver is told the URL's host, which a tunnel forwards.
 */
export class PublicUrlService extends Disposable {
  private state: PublicUrlState | undefined;
  private timer: NodeJS.Timeout | undefined;
  private visible = false;
  /** Bumped by every look-up: an answer that is no longer the latest is dropped. */
  private generation = 0;
  /** Look-ups under way: a burst of strange hosts asks the agent once, not once per request. */
  private pending = 0;
  private readonly abort = new AbortController();
  private readonly changed = this._register(new vscode.EventEmitter<PublicUrlState | undefined>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: PublicUrlDeps) {
    super();
    this._register({ dispose: () => this.stopPolling() });
    this._register({ dispose: () => this.abort.abort() });
    this._register(
      deps.settings.onDidChange((names) => REFRESH_ON.some((n) => names.has(n)) && void this.refresh()),
    );
    let lastUrl = deps.receiver.state.url;
    this._register(
      deps.receiver.onDidChangeState(({ url }) => {
        // Started, stopped or moved: the state changes for many other reasons, which change nothing here.
        if (url === lastUrl) return;
        lastUrl = url;
        void this.refresh();
      }),
    );
    this._register(
      deps.receiver.onDidReceive(({ receipt }) => {
        if (receipt.reason === 'misdirected_request' && this.pending === 0) void this.refresh();
      }),
    );
    void this.refresh();
  }

  /** The public URL, `none` when there is no tunnel, undefined while not known (not running). */
  get current(): PublicUrlState | undefined {
    return this.state;
  }

  /** The view shows or hides: the agent is polled only while it is visible. */
  setVisible(visible: boolean): void {
    if (this.isDisposed || visible === this.visible) return;
    this.visible = visible;
    if (!visible) return this.stopPolling();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.deps.pollMs ?? PUBLIC_URL_POLL_MS);
    this.timer.unref();
  }

  /**
   * Reads the public URL again: the setting at once, or the agent (briefly; never throws).
   * Resolves once the state is current.
   */
  async refresh(): Promise<PublicUrlState | undefined> {
    const generation = ++this.generation;
    this.pending += 1;
    try {
      const next = await this.lookUp();
      if (generation === this.generation && !this.isDisposed) this.apply(next);
    } finally {
      this.pending -= 1;
    }
    return this.state;
  }

  private async lookUp(): Promise<PublicUrlState | undefined> {
    const { url } = this.deps.receiver.state;
    if (url === undefined) return undefined;
    const { publicUrl, ngrokApiUrl, receiverPath } = this.deps.settings.value;
    // The settings service keeps only valid URLs: a set one is an http(s) URL.
    if (publicUrl !== '') return { kind: 'found', url: publicWebhookUrl(publicUrl, receiverPath, 'manual') };
    const port = Number(new URL(url).port);
    const tunnel = await findNgrokTunnel({
      apiUrl: ngrokApiUrl,
      port,
      signal: this.abort.signal,
      onDebug: (message) => this.deps.output.debug(message),
    });
    return tunnel
      ? { kind: 'found', url: publicWebhookUrl(tunnel.publicUrl, receiverPath, 'ngrok') }
      : { kind: 'none', port };
  }

  private apply(next: PublicUrlState | undefined): void {
    if (JSON.stringify(next) === JSON.stringify(this.state)) return;
    this.state = next;
    this.deps.receiver.acceptPublicHosts(next?.kind === 'found' ? [next.url.host] : []);
    this.changed.fire(next);
  }

  private stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
