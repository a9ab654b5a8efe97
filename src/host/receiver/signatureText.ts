import { DEPRECATED_SIGNATURE_HEADER, SIGNATURE_HEADER } from '../../core/contract/makiniContract';
import type { DiagnosedContent } from '../../core/signing/signatureDoctor';
import type { SignedAs } from '../../core/signing/signatureScheme';

/** What a signature covered, in words. */
export function contentWords(content: DiagnosedContent): string {
  switch (content) {
    case 'raw':
      return 'the raw body';
    case 'json':
      return 'JSON.stringify(JSON.parse(body))';
    case 'id.timestamp.body':
      return 'id.timestamp.body (Standard Webhooks)';
  }
}

/** "signed as x-webhook-signature, hex, over the raw body", flagging the deprecated header. */
export function signedAsText(s: SignedAs): string {
  const text = `signed as ${s.header}, ${s.encoding}, over ${contentWords(s.content)}`;
  return s.deprecated
    ? `${text} (${DEPRECATED_SIGNATURE_HEADER} is deprecated: Makini sends ${SIGNATURE_HEADER})`
    : text;
}
