/**
 * A small, safe XML parser for untrusted annotation files (Pascal VOC). It reads elements,
 * attributes, text, CDATA, comments and processing instructions, and refuses everything that can
 * make XML dangerous or expensive: any DTD (`<!DOCTYPE`, `<!ENTITY`, …) and so any entity beyond the
 * five predefined ones and numeric character references (no billion-laughs expansion, no external
 * entities), more than `maxDepth` levels of nesting, more than `maxNodes` elements. Nothing is
 * fetched or resolved. Errors carry the 1-based line.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** the element's own text (text and CDATA directly inside it, concatenated, entities decoded) */
  text: string;
  /** 1-based line of the start tag */
  line: number;
}

export interface XmlLimits {
  maxDepth?: number;
  maxNodes?: number;
}

export class XmlError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'XmlError';
  }
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parse a document; returns its root element. */
export function parseXml(input: string, limits: XmlLimits = {}): XmlElement {
  const maxDepth = limits.maxDepth ?? 64;
  const maxNodes = limits.maxNodes ?? 100_000;
  const s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let pos = 0;
  // line of `pos`, advanced incrementally (positions only move forward)
  let lineAtPos = 1;
  let linePos = 0;
  const lineOf = (p: number): number => {
    if (p < linePos) {
      lineAtPos = 1;
      linePos = 0;
    }
    for (let i = linePos; i < p; i++) if (s.charCodeAt(i) === 10) lineAtPos++;
    linePos = p;
    return lineAtPos;
  };
  const fail = (reason: string, at = pos): never => {
    throw new XmlError(reason, lineOf(Math.min(at, s.length)));
  };

  let nodes = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const decode = (raw: string, at: number): string => {
    if (raw.indexOf('&') < 0) return raw;
    return raw.replace(/&([^;&\s]{0,32});?/g, (m, ent: string, off: number) => {
      if (!m.endsWith(';')) fail('"&" must start an entity reference such as &amp;', at + off);
      if (ent.startsWith('#')) {
        const code = /^#x[0-9a-fA-F]{1,6}$/.test(ent) ? parseInt(ent.slice(2), 16) : /^#[0-9]{1,7}$/.test(ent) ? parseInt(ent.slice(1), 10) : NaN;
        const valid =
          code === 0x9 ||
          code === 0xa ||
          code === 0xd ||
          (code >= 0x20 && code <= 0xd7ff) ||
          (code >= 0xe000 && code <= 0xfffd) ||
          (code >= 0x10000 && code <= 0x10ffff);
        if (!valid) fail(`invalid character reference &${ent};`, at + off);
        return String.fromCodePoint(code);
      }
      const v = PREDEFINED[ent];
      if (v === undefined) fail(`unknown entity &${ent}; (entities other than &lt; &gt; &amp; &quot; &apos; need a DTD, which is not accepted)`, at + off);
      return v!;
    });
  };

  const readName = (): string => {
    const start = pos;
    if (pos >= s.length || !NAME_START.test(s[pos]!)) fail('expected a tag name');
    pos++;
    while (pos < s.length && NAME_CHAR.test(s[pos]!)) pos++;
    return s.slice(start, pos);
  };
  const skipSpace = (): void => {
    while (pos < s.length && /\s/.test(s[pos]!)) pos++;
  };
  const addText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
    else if (/\S/.test(text)) fail(root ? 'text after the root element' : 'text before the root element');
  };

  while (pos < s.length) {
    const lt = s.indexOf('<', pos);
    if (lt < 0) {
      addText(decode(s.slice(pos), pos));
      pos = s.length;
      break;
    }
    if (lt > pos) addText(decode(s.slice(pos, lt), pos));
    pos = lt;
    if (s.startsWith('<!--', pos)) {
      const end = s.indexOf('-->', pos + 4);
      if (end < 0) fail('unterminated comment');
      pos = end + 3;
    } else if (s.startsWith('<![CDATA[', pos)) {
      const end = s.indexOf(']]>', pos + 9);
      if (end < 0) fail('unterminated CDATA section');
      if (!stack.length) fail('CDATA outside the root element');
      addText(s.slice(pos + 9, end));
      pos = end + 3;
    } else if (s.startsWith('<!', pos)) {
      const what = /^<!([A-Za-z]*)/.exec(s.slice(pos, pos + 12))?.[1] ?? '';
      fail(`<!${what} is not accepted: DTDs and entity declarations are refused in annotation files`);
    } else if (s.startsWith('<?', pos)) {
      const end = s.indexOf('?>', pos + 2);
      if (end < 0) fail('unterminated processing instruction');
      pos = end + 2;
    } else if (s.startsWith('</', pos)) {
      const at = pos;
      pos += 2;
      const name = readName();
      skipSpace();
      if (s[pos] !== '>') fail(`expected ">" to close </${name}`);
      pos++;
      const top = stack.pop();
      if (!top) fail(`unexpected closing tag </${name}>`, at);
      if (top!.name !== name) fail(`closing tag </${name}> does not match <${top!.name}> (line ${top!.line})`, at);
    } else {
      const at = pos;
      pos++;
      const name = readName();
      const el: XmlElement = { name, attrs: {}, children: [], text: '', line: lineOf(at) };
      if (++nodes > maxNodes) fail(`more than ${maxNodes} elements`, at);
      for (;;) {
        const before = pos;
        skipSpace();
        if (pos >= s.length) fail(`unterminated tag <${name}`, at);
        if (s[pos] === '>' || s.startsWith('/>', pos)) break;
        if (pos === before) fail(`expected whitespace before an attribute in <${name}>`);
        const attr = readName();
        skipSpace();
        if (s[pos] !== '=') fail(`attribute ${attr} of <${name}> has no value`);
        pos++;
        skipSpace();
        const q = s[pos];
        if (q !== '"' && q !== "'") fail(`attribute ${attr} of <${name}> must be quoted`);
        const end = s.indexOf(q!, pos + 1);
        if (end < 0) fail(`unterminated value of attribute ${attr}`);
        const raw = s.slice(pos + 1, end);
        if (raw.includes('<')) fail(`"<" in the value of attribute ${attr}`);
        if (Object.prototype.hasOwnProperty.call(el.attrs, attr)) fail(`duplicate attribute ${attr} in <${name}>`);
        el.attrs[attr] = decode(raw, pos + 1);
        pos = end + 1;
      }
      const selfClosing = s.startsWith('/>', pos);
      pos += selfClosing ? 2 : 1;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail(`a second root element <${name}>`, at);
      else root = el;
      if (!selfClosing) {
        if (stack.length >= maxDepth) fail(`elements nested deeper than ${maxDepth} levels`, at);
        stack.push(el);
      }
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.name}> (line ${stack[stack.length - 1]!.line}) is never closed`, s.length);
  if (!root) fail('no root element', 0);
  return root!;
}

/** The first child element named `name`. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Every child element named `name`. */
export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
