/**
 * The tool's version, injected by the bundler from package.json. Unbundled code (never shipped)
 * reports `0.0.0-dev`.
 */
export const VERSION: string = process.env.MAKINI_DEVTOOLS_VERSION ?? '0.0.0-dev';

/** The `user-agent` this tool sends on every HTTP request it makes. */
export const USER_AGENT = `makini-devtools/${VERSION}`;
