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
  startReceiver: 'makini.startReceiver',
  stopReceiver: 'makini.stopReceiver',
  copyReceiverUrl: 'makini.copyReceiverUrl',
  copyPublicUrl: 'makini.copyPublicUrl',
  openReceipt: 'makini.openReceipt',
  copyReceiptAsCurl: 'makini.copyReceiptAsCurl',
  replayReceipt: 'makini.replayReceipt',
  openStatusPage: 'makini.openStatusPage',
  refreshConnections: 'makini.refreshConnections',
  connect: 'makini.connect',
  disconnect: 'makini.disconnect',
  useSandbox: 'makini.useSandbox',
  reconnect: 'makini.reconnect',
  copyConnectionId: 'makini.copyConnectionId',
  setConnectionEventTypes: 'makini.setConnectionEventTypes',
  copySupportDetails: 'makini.copySupportDetails',
  setWebhookSecret: 'makini.setWebhookSecret',
  rotateWebhookSecret: 'makini.rotateWebhookSecret',
  clearWebhookSecrets: 'makini.clearWebhookSecrets',
  generateWebhookSecret: 'makini.generateWebhookSecret',
  copyWebhookSecret: 'makini.copyWebhookSecret',
  sendTestWebhook: 'makini.sendTestWebhook',
  sendPayloadFile: 'makini.sendPayloadFile',
  simulateReceiverFailures: 'makini.simulateReceiverFailures',
  showDeliveryDetails: 'makini.showDeliveryDetails',
  cancelDelivery: 'makini.cancelDelivery',
  replayDelivery: 'makini.replayDelivery',
  copyDeliveryAsCurl: 'makini.copyDeliveryAsCurl',
  clearDeliveries: 'makini.clearDeliveries',
  exportDeliveriesHar: 'makini.exportDeliveriesHar',
  filterDeliveries: 'makini.filterDeliveries',
  clearDeliveriesFilter: 'makini.clearDeliveriesFilter',
  filterReceipts: 'makini.filterReceipts',
  clearReceiptsFilter: 'makini.clearReceiptsFilter',
  clearReceipts: 'makini.clearReceipts',
  exportReceiptsHar: 'makini.exportReceiptsHar',
  explainRefusal: 'makini.explainRefusal',
  applyRefusalFix: 'makini.applyRefusalFix',
  checkEndpoint: 'makini.checkEndpoint',
  takeOffline: 'makini.takeOffline',
  bringOnline: 'makini.bringOnline',
  requireReauthorization: 'makini.requireReauthorization',
  failNextSync: 'makini.failNextSync',
  injectApiFault: 'makini.injectApiFault',
  expireTokens: 'makini.expireTokens',
  changeRecord: 'makini.changeRecord',
  setReadOnly: 'makini.setReadOnly',
  openCollection: 'makini.openCollection',
  openReceiptRecords: 'makini.openReceiptRecords',
  showEndpointCheckReport: 'makini.showEndpointCheckReport',
} as const;

/** Every `contextValue` of our tree items; the manifest's `when` clauses use the same strings. */
export const ContextValues = {
  receiverRunning: 'receiverRunning',
  receiverStopped: 'receiverStopped',
  receiverForwarding: 'receiverForwarding',
  receiverPublicUrl: 'receiverPublicUrl',
  receipt: 'receipt',
  /** A receipt refused for its signature, with the signature doctor's diagnosis. */
  receiptRefused: 'receiptRefused',
  /** Followed by `.<health level>`, e.g. `connection.auth_required`. */
  connection: 'connection',
  connectionEvent: 'connectionEvent',
  /** A connection's read-only Data node, and one collection under it. */
  connectionData: 'connectionData',
  connectionCollection: 'connectionCollection',
  /** A receipt of an entity webhook in the ids envelope: it offers "Open Records". */
  receiptEntity: 'receiptEntity',
  /** The Connections view's first row while the last poll could not reach Makini. */
  connectionsUnreachable: 'connectionsUnreachable',
  delivery: 'delivery',
  deliveryInProgress: 'deliveryInProgress',
  attempt: 'attempt',
  endpointChecks: 'endpointChecks',
} as const;

/** Context keys set with `setContext`, read by `when` clauses in the manifest. */
export const ContextKeys = {
  receiverRunning: 'makini.receiverRunning',
  /** `sandbox` or `live`. */
  mode: 'makini.mode',
  /** The last health poll could not reach Makini. */
  connectionsUnreachable: 'makini.connectionsUnreachable',
  /** The Deliveries view lists only what its filter lets through. */
  deliveriesFiltered: 'makini.deliveriesFiltered',
  /** The Local Receiver view lists only what its filter lets through. */
  receiptsFiltered: 'makini.receiptsFiltered',
} as const;

/**
 * The context keys that tick the steps of the walkthrough (`makini.gettingStarted`), by step: each
 * step's `completionEvents` is `onContext:<key>`. Set by `WalkthroughProgress`.
 */
export const WalkthroughKeys = {
  connectionsShown: 'makini.walkthrough.connectionsShown',
  webhookSent: 'makini.walkthrough.webhookSent',
  webhookReceived: 'makini.walkthrough.webhookReceived',
  forwardTargetSet: 'makini.walkthrough.forwardTargetSet',
  connected: 'makini.walkthrough.connected',
  realWebhookReceived: 'makini.walkthrough.realWebhookReceived',
} as const;

export type WalkthroughStep = keyof typeof WalkthroughKeys;

/** Makini's public status page, where API incidents are announced. */
export const MAKINI_STATUS_PAGE = 'https://status.makini.io';

/** The extension's identifier, `publisher.name` from the manifest. */
export const EXTENSION_ID = 'makini-devtools.makini-devtools';

export const OUTPUT_CHANNEL_NAME = 'Makini DevTools';
