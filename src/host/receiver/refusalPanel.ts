import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import type { SettingsChange } from '../../core/signing/doctorFix';
import type { SettingsService } from '../config/settings';
import { type SettingName, SettingSpecs } from '../config/settingsSchema';
import { CommandIds } from '../constants';
import { Disposable } from '../lifecycle';
import { UserError } from '../userError';
import { renderRefusal } from './refusalHtml';

/** The settings a diagnosis may change: the doctor's names are the settings' names. */
const CHANGEABLE: readonly (keyof SettingsChange & SettingName)[] = [
  'signatureScheme',
  'signatureHeader',
  'signatureEncoding',
];

/**
 * "Why was this refused?": one webview panel per refused receipt, showing the signature doctor's
 * computation step by step, with a button that applies its fix to the settings.
 */
export class RefusalPanels extends Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly settings: SettingsService) {
    super();
    this._register({
      dispose: () => {
        for (const panel of [...this.panels.values()]) panel.dispose();
      },
    });
  }

  /** Opens (or reveals) the panel of a refused receipt; answers it. */
  show(receipt: ReceiptRecord): vscode.WebviewPanel {
    const existing = this.panels.get(receipt.id);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      'makini.refusal',
      `Why refused: ${receipt.eventType ?? receipt.id}`,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [] },
    );
    this.panels.set(receipt.id, panel);
    panel.onDidDispose(() => this.panels.delete(receipt.id));
    panel.webview.onDidReceiveMessage((message: unknown) => {
      const command =
        typeof message === 'object' && message !== null && 'command' in message ? message.command : undefined;
      if (command === 'applyFix') void vscode.commands.executeCommand(CommandIds.applyRefusalFix, receipt.id);
    });
    panel.webview.html = renderRefusal(receipt, randomBytes(16).toString('base64'), panel.webview.cspSource);
    return panel;
  }

  /**
   * Applies the diagnosis of `receipt`: writes the settings it names, or opens Set Webhook Signing
   * Secret when the secret is what is wrong. Answers what it changed (also shown in the panel).
   * @throws UserError when the receipt has no diagnosis, only the sender can fix it, or a value
   * the doctor found is not one the setting takes.
   */
  async applyFix(receipt: ReceiptRecord): Promise<string> {
    const diagnosis = receipt.diagnosis;
    if (!diagnosis)
      throw new UserError(
        'unsupported',
        'This webhook was not refused for its signature: there is no fix to apply.',
      );
    const { change } = diagnosis;
    if (change.kind === 'sender')
      throw new UserError('unsupported', `Nothing in the settings can fix this: ${diagnosis.fix}`);
    if (change.kind === 'secret') {
      await vscode.commands.executeCommand(CommandIds.setWebhookSecret);
      return this.announce(receipt.id, 'Opened Set Webhook Signing Secret.');
    }
    const writes = CHANGEABLE.flatMap((name) => {
      const value = change.settings[name];
      return value === undefined ? [] : [{ name, value }];
    });
    for (const { name, value } of writes) {
      const problem = SettingSpecs[name].check(value);
      if (problem !== undefined)
        throw new UserError(
          'unsupported',
          `makini.${SettingSpecs[name].key} cannot be set to '${value}': it ${problem}.`,
        );
    }
    const done: string[] = [];
    for (const { name, value } of writes) {
      const before = String(this.settings.value[name]);
      await this.settings.update(name, value);
      done.push(`makini.${SettingSpecs[name].key} from ${before} to ${value}`);
    }
    return this.announce(receipt.id, `Changed ${done.join(' and ')}.`);
  }

  private announce(id: string, text: string): string {
    void this.panels.get(id)?.webview.postMessage({ type: 'applied', text });
    void vscode.window.showInformationMessage(`Makini: ${text}`);
    return text;
  }
}
