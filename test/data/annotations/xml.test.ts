import { describe, expect, it } from '@jest/globals';
import { parseXml, XmlError } from '../../../src/data/annotations/xml.js';

function xmlError(text: string, limits?: { maxDepth?: number; maxNodes?: number }): XmlError {
  try {
    parseXml(text, limits);
  } catch (e) {
    expect(e).toBeInstanceOf(XmlError);
    return e as XmlError;
  }
  throw new Error('expected an XmlError');
}

describe('safe XML parser', () => {
  it('reads elements, attributes, text, CDATA, comments and the predefined and numeric entities', () => {
    const root = parseXml(
      '\ufeff<?xml version="1.0"?>\n<a x="1" y=\'&lt;2&gt;\'>\n  <b>one &amp; two &#65;&#x42;</b>\n  <!-- c -->\n  <c/><b><![CDATA[<raw> & ]]></b>\n</a>\n',
    );
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ x: '1', y: '<2>' });
    expect(root.children.map((c) => [c.name, c.text, c.line])).toEqual([
      ['b', 'one & two AB', 3],
      ['c', '', 5],
      ['b', '<raw> & ', 5],
    ]);
  });

  it('refuses any DTD (no entity expansion, no external entities)', () => {
    const e = xmlError('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<a>&lol;</a>');
    expect(e.line).toBe(2);
    expect(e.reason).toMatch(/^<!DOCTYPE is not accepted: DTDs and entity declarations are refused/);
    expect(xmlError('<a>\n&xxe;</a>').reason).toMatch(/^unknown entity &xxe;/);
    expect(xmlError('<a>\n&xxe;</a>').line).toBe(2);
    expect(xmlError('<a>&#0;</a>').reason).toBe('invalid character reference &#0;');
    expect(xmlError('<a>fish & chips</a>').reason).toMatch(/^"&" must start an entity reference/);
  });

  it('reports malformed documents with their line', () => {
    expect(xmlError('<a>\n<b>\n</a>').reason).toBe('closing tag </a> does not match <b> (line 2)');
    expect(xmlError('<a>\n<b>\n</a>').line).toBe(3);
    expect(xmlError('<a>\n<b></b>').reason).toBe('<a> (line 1) is never closed');
    expect(xmlError('<a></a><b></b>').reason).toBe('a second root element <b>');
    expect(xmlError('hello <a/>').reason).toBe('text before the root element');
    expect(xmlError('<a x=1/>').reason).toBe('attribute x of <a> must be quoted');
    expect(xmlError('<a x="1" x="2"/>').reason).toBe('duplicate attribute x in <a>');
    expect(xmlError('<a><!-- open</a>').reason).toBe('unterminated comment');
    expect(xmlError('').reason).toBe('no root element');
    expect(xmlError('<a>\n<b>').line).toBe(2);
  });

  it('bounds nesting depth and element count', () => {
    expect(xmlError('<a>'.repeat(70) + '</a>'.repeat(70)).reason).toBe('elements nested deeper than 64 levels');
    expect(xmlError('<a>' + '<b/>'.repeat(20) + '</a>', { maxNodes: 10 }).reason).toBe('more than 10 elements');
    // deep but allowed documents parse without recursion
    expect(parseXml('<a>'.repeat(60) + '</a>'.repeat(60)).name).toBe('a');
  });
});
