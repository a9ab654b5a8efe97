/** An element of a parsed XML document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const TAG = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)="([^"<]*)"/g;

/** Decodes character data, refusing a bare `&` (which makes a document ill-formed). */
function decode(text: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text))
    throw new Error(`bare & in ${JSON.stringify(text)}`);
  if (text.includes(']]>')) throw new Error("']]>' in character data");
  return text.replace(
    ENTITY,
    (_, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
      name ? (NAMED[name] ?? '') : String.fromCodePoint(dec ? Number(dec) : parseInt(hex ?? '0', 16)),
  );
}

/**
 * A strict little parser for the XML we write (elements, attributes, text, an XML declaration):
 * enough to prove a document well-formed, since no XML parser is a dependency.
 * @throws Error at the first thing that is not well-formed.
 */
export function parseXml(xml: string): XmlElement {
  let rest = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(text);
    else if (text.trim() !== '') throw new Error(`text outside the root: ${JSON.stringify(text)}`);
    if (lt === -1) break;
    rest = rest.slice(lt);
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(rest);
    if (close) {
      if (stack.pop()?.name !== close[1]) throw new Error(`unbalanced </${close[1]}>`);
      rest = rest.slice(close[0].length);
      continue;
    }
    const open = TAG.exec(rest);
    if (!open) throw new Error(`not a tag: ${rest.slice(0, 40)}`);
    const attributes: Record<string, string> = {};
    for (const [, name, value] of (open[2] ?? '').matchAll(ATTRIBUTE)) {
      if (name === undefined || name in attributes) throw new Error(`repeated attribute ${name}`);
      attributes[name] = decode(value ?? '');
    }
    const element: XmlElement = { name: open[1] ?? '', attributes, children: [], text: '' };
    if (top) top.children.push(element);
    else if (root) throw new Error('a second root element');
    else root = element;
    if (open[3] !== '/') stack.push(element);
    rest = rest.slice(open[0].length);
  }
  if (stack.length > 0 || !root) throw new Error('unclosed elements or no root');
  return root;
}

/** Every descendant element called `name`. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...findAll(child, name),
  ]);
}
