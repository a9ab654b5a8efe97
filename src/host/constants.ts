/** Identifiers shared by the manifest (package.json) and the code. Keep the two in step. */
export const ViewIds = {
  connections: 'makini.connections',
  deliveries: 'makini.deliveries',
  receiver: 'makini.receiver',
} as const;

export type ViewKey = keyof typeof ViewIds;

export const CommandIds = {
  showLog: 'makini.showLog',
  showVersion: 'makini.showVersion',
  newWebhookPayload: 'makini.newWebhookPayload',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Makini DevTools';
