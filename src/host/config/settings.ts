import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { type SettingName, type Settings, SettingSpecs } from './settingsSchema';

export const SETTINGS_SECTION = 'makini';

/** One setting whose value was not acceptable and was replaced by the value in force before it. */
export interface SettingProblem {
  readonly key: string;
  readonly message: string;
}

/**
 * Reads every setting. An invalid value is replaced by the one in force before it (`previous`,
 * the defaults at start-up), so a typo never silently moves the receiver to the default port.
 */
export function readSettings(
  configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION),
  previous?: Settings,
): {
  settings: Settings;
  problems: SettingProblem[];
} {
  const problems: SettingProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SettingSpecs)) {
    const value: unknown = configuration.get(spec.key, spec.defaultValue);
    const problem = spec.check(value);
    if (problem) {
      const kept: unknown = previous ? previous[name as SettingName] : spec.defaultValue;
      const which = previous ? 'keeping the previous value' : 'using the default';
      problems.push({
        key: `${SETTINGS_SECTION}.${spec.key}`,
        message: `${JSON.stringify(value)} ${problem}; ${which}, ${JSON.stringify(kept)}`,
      });
      values[name] = kept;
    } else {
      values[name] = value;
    }
  }
  return { settings: values as Settings, problems };
}

/** What the service says about invalid values: the sentence and the first offending key. */
export type SettingsWarning = (message: string, firstKey: string) => void;

/**
 * The current settings, applied live: fires with the names that changed whenever the user edits
 * `makini.*`, and reports once per edit the values it had to replace.
 */
export class SettingsService extends Disposable {
  private current: Settings;
  private readonly changed = this._register(new vscode.EventEmitter<ReadonlySet<SettingName>>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly warn: SettingsWarning) {
    super();
    this.current = this.load(undefined);
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
        const previous = this.current;
        this.current = this.load(previous);
        const names = (Object.keys(SettingSpecs) as SettingName[]).filter(
          (n) => previous[n] !== this.current[n],
        );
        if (names.length > 0) this.changed.fire(new Set(names));
      }),
    );
  }

  get value(): Settings {
    return this.current;
  }

  /**
   * Writes one setting where it is set now (the workspace folder, the workspace or the user's
   * settings; the user's when it is set nowhere), so that the write takes effect. Resolves once
   * written; {@link onDidChange} fires as for an edit by hand.
   */
  async update<K extends SettingName>(name: K, value: Settings[K]): Promise<void> {
    const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const key = SettingSpecs[name].key;
    const where = configuration.inspect(key);
    const target =
      where?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : where?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await configuration.update(key, value, target);
  }

  private load(previous: Settings | undefined): Settings {
    const { settings, problems } = readSettings(undefined, previous);
    const [first] = problems;
    if (first) {
      const list = problems.map((p) => `${p.key} ${p.message}`).join('. ');
      this.warn(`Invalid ${problems.length === 1 ? 'setting' : 'settings'}: ${list}.`, first.key);
    }
    return settings;
  }
}

/** Shows an invalid-settings report as an error, with a button to the first offending setting. */
export async function showSettingsError(message: string, key: string): Promise<void> {
  const open = 'Open Settings';
  const choice = await vscode.window.showErrorMessage(`Makini: ${message}`, open);
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', key);
}
