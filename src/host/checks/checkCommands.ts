import type { CommandTable } from '../commands/registerCommands';
import { CommandIds } from '../constants';
import { checkEndpoint, type CheckDeps } from './checkEndpoint';
import { UserError } from '../userError';

/** Running the endpoint checks and showing their latest report. */
export function checkCommands(deps: CheckDeps): CommandTable {
  return {
    [CommandIds.checkEndpoint]: (given) => checkEndpoint(deps, given),
    [CommandIds.showEndpointCheckReport]: () => {
      const latest = deps.endpointChecks.latest;
      if (!latest)
        throw new UserError(
          'nothingYet',
          'No endpoint check has run yet: run Makini: Check Webhook Endpoint….',
        );
      return deps.checkReportPanel.show(latest);
    },
  };
}
