/** How a caller words the refusal of a URL for its own users. */
export interface HttpUrlWording {
  /** A full URL to show as an example, e.g. `http://127.0.0.1:3000/webhooks`. */
  readonly example: string;
  /** What goes over http(s), as the start of a sentence: `Webhooks go over`. */
  readonly subject: string;
}

/**
 * `value` as an http or https URL.
 * @throws whatever `refuse` makes of the message when `value` is not a URL, or not http(s).
 */
export function parseHttpUrl(
  value: string,
  wording: HttpUrlWording,
  refuse: (message: string, options?: ErrorOptions) => Error,
): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (error) {
    throw refuse(`'${value}' is not a URL; give a full one, e.g. ${wording.example}.`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse(`${wording.subject} http or https, not '${url.protocol}' (${value}).`);
  }
  return url;
}
