import * as vscode from 'vscode';

/** A quick pick's texts: the title names the command and what this step asks. */
export interface PickStepOptions {
  readonly title: string;
  readonly placeholder?: string;
  readonly matchOnDescription?: boolean;
  readonly matchOnDetail?: boolean;
}

/** An input box's texts and check; `validate` answers what is wrong with a value, if anything. */
export interface InputStepOptions {
  readonly title: string;
  readonly prompt?: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  readonly ignoreFocusOut?: boolean;
  readonly validate?: (value: string) => string | undefined;
}

/** Where a question stands in its command: VS Code shows it after the title, "(2/4)". */
interface StepPlace {
  readonly step: number;
  readonly totalSteps: number;
}

/**
 * The questions one command asks, one after another. Each shows its place after its title, as in
 * "Send Test Webhook: connection (2/4)", through the quick input's own `step` and `totalSteps`.
 * `total` counts the questions this run will ask (a question answered by the command's arguments
 * or by the tree item it was run on is not asked, and not counted); a command that asks one shows
 * no count, as VS Code's own single pickers do. One step is one thing the command needs: typing
 * it instead of picking it ("Enter a URL…", "Enter the secret") is the same step, so
 * {@link retype} keeps its number.
 */
export class Steps {
  private asked = 0;

  constructor(private readonly total: number) {}

  /** A command that asks one question. */
  static single(): Steps {
    return new Steps(1);
  }

  /** The next step: a pick of one item; undefined when dismissed. */
  async pick<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: PickStepOptions,
  ): Promise<T | undefined> {
    return (await quickPick(items, options, false, this.next()))?.[0];
  }

  /** The next step: a pick of any number of items (none is an answer); undefined when dismissed. */
  pickMany<T extends vscode.QuickPickItem>(
    items: readonly T[],
    options: PickStepOptions,
  ): Promise<readonly T[] | undefined> {
    return quickPick(items, options, true, this.next());
  }

  /** The next step: a typed value; undefined when dismissed. */
  input(options: InputStepOptions): Promise<string | undefined> {
    return inputBox(options, this.next());
  }

  /** The step just asked, answered by typing instead of picking: the same number. */
  retype(options: InputStepOptions): Promise<string | undefined> {
    return inputBox(options, this.place());
  }

  private next(): StepPlace | undefined {
    this.asked += 1;
    return this.place();
  }

  private place(): StepPlace | undefined {
    return this.total > 1 ? { step: this.asked, totalSteps: this.total } : undefined;
  }
}

/** Titles `input` and numbers it with its place in the command, when it has one. */
function placed<T extends vscode.QuickInput>(input: T, title: string, place: StepPlace | undefined): T {
  input.title = title;
  input.step = place?.step;
  input.totalSteps = place?.totalSteps;
  return input;
}

/** Resolves once with what `input` answered (undefined when it was hidden) and disposes it. */
function settle<T>(
  input: vscode.QuickInput,
  listen: (done: (value: T | undefined) => void) => vscode.Disposable[],
): Promise<T | undefined> {
  return new Promise((resolve) => {
    const done = (value: T | undefined): void => {
      resolve(value);
      for (const listener of listeners) listener.dispose();
      input.dispose();
    };
    const listeners = [...listen(done), input.onDidHide(() => done(undefined))];
    input.show();
  });
}

function quickPick<T extends vscode.QuickPickItem>(
  items: readonly T[],
  options: PickStepOptions,
  many: boolean,
  place: StepPlace | undefined,
): Promise<readonly T[] | undefined> {
  const pick = placed(vscode.window.createQuickPick<T>(), options.title, place);
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.matchOnDetail = options.matchOnDetail ?? false;
  pick.canSelectMany = many;
  pick.items = items;
  return settle<readonly T[]>(pick, (done) => [
    pick.onDidAccept(() =>
      done(many || pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems.slice(0, 1)),
    ),
  ]);
}

function inputBox(options: InputStepOptions, place: StepPlace | undefined): Promise<string | undefined> {
  const box = placed(vscode.window.createInputBox(), options.title, place);
  box.prompt = options.prompt;
  box.placeholder = options.placeholder;
  box.password = options.password ?? false;
  box.ignoreFocusOut = options.ignoreFocusOut ?? false;
  const problem = (value: string): string | undefined => options.validate?.(value);
  return settle<string>(box, (done) => [
    box.onDidChangeValue((value) => (box.validationMessage = problem(value))),
    box.onDidAccept(() => {
      box.validationMessage = problem(box.value);
      if (box.validationMessage === undefined) done(box.value);
    }),
  ]);
}
