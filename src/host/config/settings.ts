import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { type SettingName, type Settings, SettingSpecs } from './settingsSchema';

export const SETTINGS_SECTION = 'makini';

/** One setting whose value was not acceptable and was replaced by its default. */
export interface SettingProblem {
  readonly key: string;
  readonly message: string;
}

/** Reads every setting, replacing each invalid value by its default and saying why. */
export function readSettings(configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION)): {
  settings: Settings;
  problems: SettingProblem[];
} {
  const problems: SettingProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SettingSpecs)) {
    const value: unknown = configuration.get(spec.key, spec.defaultValue);
    const problem = spec.check(value);
    if (problem) {
      problems.push({
        key: `${SETTINGS_SECTION}.${spec.key}`,
        message: `${JSON.stringify(value)} ${problem}; using ${JSON.stringify(spec.defaultValue)}`,
      });
      values[name] = spec.defaultValue;
    } else {
      values[name] = value;
    }
  }
  return { settings: values as Settings, problems };
}

/**
 * The current settings, applied live: fires with the names that changed whenever the user edits
 * `makini.*`, and warns once per edit about values it had to replace.
 */
export class SettingsService extends Disposable {
  private current: Settings;
  private readonly changed = this._register(new vscode.EventEmitter<ReadonlySet<SettingName>>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly warn: (message: string) => void) {
    super();
    this.current = this.load();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
        const previous = this.current;
        this.current = this.load();
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

  private load(): Settings {
    const { settings, problems } = readSettings();
    if (problems.length > 0) {
      this.warn(`Invalid Makini settings: ${problems.map((p) => `${p.key} ${p.message}`).join('. ')}.`);
    }
    return settings;
  }
}
