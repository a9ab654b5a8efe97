import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element of a parsed XML document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own character data, entities decoded. */
  readonly text: string;
}

const ATTRIBUTES = ':@';
const TEXT = '#text';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true, // For numeric character references (`&#13;`): the validator refuses the rest.
});

/** Characters outside XML 1.0's `Char` production, which fast-xml-parser's validator lets by. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** One node of fast-xml-parser's ordered output: `{ name: children, ':@': attributes }` or text. */
type OrderedNode = Record<string, unknown>;

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES);
  if (name === undefined || name === TEXT || name.startsWith('?')) return undefined;
  const nodes = node[name] as OrderedNode[];
  return {
    name,
    attributes: (node[ATTRIBUTES] ?? {}) as Record<string, string>,
    children: nodes.flatMap((child) => toElement(child) ?? []),
    text: nodes.map((child) => (TEXT in child ? String(child[TEXT]) : '')).join(''),
  };
}

/**
 * The root element of `xml`, validated and parsed by fast-xml-parser.
 * @throws Error when the document is not well-formed, or has no single root element.
 */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  // Two rules the validator does not check: every character is an XML one, and `]]>` is markup.
  if (NOT_XML_CHAR.test(xml)) throw new Error('a character XML cannot carry');
  if (!xml.includes('<![CDATA[') && xml.includes(']]>')) throw new Error("']]>' in character data");
  const roots = (parser.parse(xml) as OrderedNode[]).flatMap((node) => toElement(node) ?? []);
  if (roots.length !== 1) throw new Error(`${roots.length} root elements`);
  return roots[0] as XmlElement;
}

/** Every descendant element called `name`. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...findAll(child, name),
  ]);
}
