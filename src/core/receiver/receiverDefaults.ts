/**
 * The one path the local receiver takes webhooks on unless told otherwise: the default of the
 * editor's `makini.receiver.path` and of `makini-devtools listen --path`, so that a URL copied from
 * one works with the other.
 */
export const DEFAULT_RECEIVER_PATH = '/webhooks';
