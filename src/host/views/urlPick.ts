import { Steps } from './steps';

/** One choice of a URL pick; an empty `value` asks for a URL to type. */
export interface UrlChoice {
  readonly label: string;
  readonly detail: string;
  readonly value: string;
}

/** The example URL every endpoint pick shows when asking for one to type. */
export const ENDPOINT_PLACEHOLDER = 'http://localhost:3000/webhooks/makini';

/** The value of the local receiver's choice: the caller starts it and uses its URL. */
export const RECEIVER_CHOICE = 'receiver';

/** What an endpoint pick offers: the receiver, the forward target and the recent URLs. */
export interface EndpointChoices {
  /** Where the receiver listens, when it is running. */
  readonly receiverUrl: string | undefined;
  /** `makini.receiver.forwardTo`, when set. */
  readonly forwardTo?: string;
  /** Recently used URLs, newest first. */
  readonly recent: readonly string[];
}

/**
 * The choices of every endpoint pick (Send Test Webhook, Send Webhook Payload, Check Webhook
 * Endpoint), in one order: the local receiver, the receiver's forward target (your app), the
 * recent URLs, then "Enter a URL…".
 */
export function endpointChoices({ receiverUrl, forwardTo, recent }: EndpointChoices): UrlChoice[] {
  const shown = new Set<string>(receiverUrl ? [receiverUrl] : []);
  const choices: UrlChoice[] = [
    {
      label: '$(radio-tower) Local receiver',
      detail: receiverUrl ?? 'starts it',
      value: RECEIVER_CHOICE,
    },
  ];
  if (forwardTo) {
    shown.add(forwardTo);
    choices.push({
      label: forwardTo,
      detail: "your app: the receiver's forward target (makini.receiver.forwardTo)",
      value: forwardTo,
    });
  }
  for (const url of recent) {
    if (shown.has(url)) continue;
    shown.add(url);
    choices.push({ label: url, detail: 'recently used', value: url });
  }
  choices.push({ label: '$(edit) Enter a URL…', detail: 'your app or any endpoint', value: '' });
  return choices;
}

/**
 * Offers `choices` (known targets, recent URLs, "Enter a URL…") as the next of `steps`, and
 * answers the URL picked or typed; undefined when dismissed.
 */
export async function pickUrl(
  title: string,
  choices: readonly UrlChoice[],
  steps = Steps.single(),
): Promise<string | undefined> {
  const picked = await steps.pick(choices, {
    title,
    placeholder: 'Where to send: the local receiver, your app or a URL',
  });
  if (!picked) return undefined;
  if (picked.value) return picked.value;
  return steps.retype({
    title: `${title}: URL`,
    placeholder: ENDPOINT_PLACEHOLDER,
    validate: (text) => (/^https?:\/\/\S+$/.test(text) ? undefined : 'Enter an http(s) URL'),
  });
}
