import * as vscode from 'vscode';
import { CHECK_IDS, type CheckId } from '../../core/checks/checkDefinitions';
import { type EndpointCheckReport, unreachableText } from '../../core/checks/checkReport';
import { runEndpointChecks } from '../../core/checks/runEndpointChecks';
import { schemeSignsTimestamp } from '../../core/signing/schemes';
import { RECENT_ENDPOINTS_KEY, recentUrls, rememberUrl } from '../config/recentUrls';
import { readWebhookSecrets } from '../config/secretStore';
import type { SettingsService } from '../config/settings';
import type { SecretStore } from '../config/secretStore';
import type { CheckReportPanel } from './checkReportPanel';
import type { EndpointChecks } from './endpointChecks';
import type { ReceiverService } from '../receiver/receiverService';
import { UserError } from '../userError';
import { endpointChoices, pickUrl, RECEIVER_CHOICE } from '../views/urlPick';

/** What an endpoint check run works with. */
export interface CheckDeps {
  readonly secrets: SecretStore;
  readonly settings: SettingsService;
  readonly output: vscode.LogOutputChannel;
  readonly endpointChecks: EndpointChecks;
  readonly checkReportPanel: CheckReportPanel;
  /** The local receiver, which the pick offers as an endpoint to check. */
  readonly receiver: ReceiverService;
  /** Where the recently checked URLs are kept. */
  readonly globalState: vscode.Memento;
}

/** Where the URLs checked before the endpoint picks shared one list were kept; still offered. */
const RECENT_CHECKS_KEY = 'makini.recentCheckUrls';

/** Arguments of `makini.checkEndpoint` (tests, other extensions); the UI asks for the URL otherwise. */
interface CheckEndpointArgs {
  readonly url?: string;
  readonly only?: readonly CheckId[];
  /** Makini's deadline is 10 s; a shorter one makes a quick local run. */
  readonly deadlineMs?: number;
  readonly warnMs?: number;
}

function parseArgs(value: unknown): CheckEndpointArgs {
  if (value === undefined) return {};
  if (typeof value === 'string') return { url: value };
  if (typeof value !== 'object' || value === null)
    throw new UserError(
      'invalidArguments',
      'Check Webhook Endpoint takes a URL or { url, only?, deadlineMs?, warnMs? }.',
    );
  const v = value as Record<string, unknown>;
  const number = (key: string): number | undefined => {
    const n = v[key];
    if (n === undefined) return undefined;
    if (typeof n === 'number' && n > 0) return n;
    throw new UserError(
      'invalidArguments',
      `Check Webhook Endpoint: '${key}' must be a number of milliseconds.`,
    );
  };
  const only = v.only;
  if (
    only !== undefined &&
    !(Array.isArray(only) && only.every((id) => (CHECK_IDS as readonly unknown[]).includes(id)))
  ) {
    throw new UserError(
      'invalidArguments',
      `Check Webhook Endpoint: 'only' takes check ids among ${CHECK_IDS.join(', ')}.`,
    );
  }
  return {
    url: typeof v.url === 'string' ? v.url : undefined,
    only: only as CheckId[] | undefined,
    deadlineMs: number('deadlineMs'),
    warnMs: number('warnMs'),
  };
}

/** The endpoint to check: the local receiver, the forward target, a recent URL or one typed. */
async function pickCheckUrl(
  services: Pick<CheckDeps, 'settings' | 'globalState' | 'receiver'>,
): Promise<string | undefined> {
  const recent = [
    ...recentUrls(services.globalState, RECENT_ENDPOINTS_KEY),
    ...recentUrls(services.globalState, RECENT_CHECKS_KEY),
  ];
  const picked = await pickUrl(
    'Check Webhook Endpoint: endpoint',
    endpointChoices({
      receiverUrl: services.receiver.state.url,
      forwardTo: services.settings.value.forwardTo,
      recent,
    }),
  );
  return picked === RECEIVER_CHOICE ? services.receiver.start() : picked;
}

/**
 * "Makini: Check Webhook Endpoint…": runs the ten endpoint checks (signature, deadline, duplicates,
 * retries, unknown events, redirects) against the developer's handler, signed with their signing
 * secret, and shows the report. Resolves to the report.
 */
export async function checkEndpoint(
  services: CheckDeps,
  given?: unknown,
): Promise<EndpointCheckReport | undefined> {
  const args = parseArgs(given);
  const url = args.url ?? (await pickCheckUrl(services));
  if (!url) return undefined;
  const secrets = await readWebhookSecrets(services.secrets);
  if (secrets.length === 0) {
    throw new UserError(
      'notConfigured',
      'Set the signing secret your endpoint verifies with first (Makini: Set Webhook Signing Secret…).',
    );
  }
  if (url !== services.receiver.state.url) await rememberUrl(services.globalState, RECENT_ENDPOINTS_KEY, url);
  const s = services.settings.value;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking ${url}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return runEndpointChecks(
        {
          url,
          secrets,
          scheme: s.signatureScheme,
          signatureHeader: s.signatureHeader,
          encoding: s.signatureEncoding,
          ...(schemeSignsTimestamp(s.signatureScheme) ? { toleranceSeconds: s.toleranceSeconds } : {}),
          ...(args.only ? { only: args.only } : {}),
          ...(args.deadlineMs ? { deadlineMs: args.deadlineMs } : {}),
          ...(args.warnMs ? { warnMs: args.warnMs } : {}),
        },
        {
          signal: abort.signal,
          onProgress: (p) => {
            if (p.kind === 'checkFinished') {
              progress.report({ increment: 100 / p.total, message: `${p.result.title}: ${p.result.status}` });
            }
          },
        },
      );
    },
  );
  services.endpointChecks.latest = report;
  services.checkReportPanel.show(report);
  const { counts, unreachable } = report;
  services.output.info(
    unreachable
      ? `Endpoint checks: ${unreachableText(url, unreachable)}`
      : `Endpoint checks for ${url}: ${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warned, ${counts.skipped} skipped`,
  );
  return report;
}
