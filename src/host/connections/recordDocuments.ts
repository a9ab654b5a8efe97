import * as vscode from 'vscode';

export const RECORDS_SCHEME = 'makini-records';

/** `makini-records:/<connection>/<name>.json`: a document of records read from the API. */
export function recordsUri(connection: string, name: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: RECORDS_SCHEME,
    path: `/${encodeURIComponent(connection)}/${encodeURIComponent(name)}.json`,
  });
}

/**
 * Read-only JSON documents of records read from the API: the commands read the records (so a
 * failure is shown as the command's), and the documents only show what was read. Reading the
 * same document again replaces its text.
 */
export class RecordDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.contents.get(uri.toString()) ??
      '// These records are no longer held: open them again from the Connections view.\n'
    );
  }

  /** Shows `value` as the JSON document at `uri`. */
  async show(uri: vscode.Uri, value: unknown): Promise<vscode.TextEditor> {
    this.contents.set(uri.toString(), `${JSON.stringify(value, null, 2)}\n`);
    this.changed.fire(uri);
    const document = await vscode.languages.setTextDocumentLanguage(
      await vscode.workspace.openTextDocument(uri),
      'json',
    );
    return vscode.window.showTextDocument(document, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
