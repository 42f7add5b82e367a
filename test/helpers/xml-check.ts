/**
 * A small XML well-formedness check, enough for checksec's output: an
 * optional XML declaration, exactly one root element, balanced tags,
 * attributes quoted with ' or " containing no `<` and only the five
 * predefined entities or character references, no control characters.
 * Throws with the offset of the first problem.
 */
export function assertWellFormedXml(doc: string): void {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`not well-formed XML at ${i}: ${msg}: ${JSON.stringify(doc.slice(i, i + 40))}`);
  };
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(doc)) fail('control character');
  const ws = () => {
    while (i < doc.length && /\s/.test(doc[i]!)) i++;
  };
  const NAME = /^[A-Za-z_:][-A-Za-z0-9._:]*/;
  const name = (): string => {
    const m = NAME.exec(doc.slice(i));
    if (m === null) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const text = (s: string) => {
    const amp = /&(?!(amp|lt|gt|apos|quot|#[0-9]+|#x[0-9a-fA-F]+);)/.exec(s);
    if (amp !== null) fail('bare &');
  };
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  const stack: string[] = [];
  let roots = 0;
  for (;;) {
    const lt = doc.indexOf('<', i);
    const chunk = doc.slice(i, lt < 0 ? doc.length : lt);
    if (stack.length === 0 && chunk.trim() !== '') fail('text outside the root element');
    text(chunk);
    if (chunk.includes('>')) fail('stray >');
    if (lt < 0) break;
    i = lt + 1;
    if (doc[i] === '/') {
      i++;
      const n = name();
      ws();
      if (doc[i] !== '>') fail('expected > after end tag');
      i++;
      if (stack.pop() !== n) fail(`mismatched end tag ${n}`);
      continue;
    }
    if (stack.length === 0) {
      roots++;
      if (roots > 1) fail('a second root element');
    }
    const n = name();
    const seen = new Set<string>();
    for (;;) {
      ws();
      if (doc.startsWith('/>', i)) {
        i += 2;
        break;
      }
      if (doc[i] === '>') {
        i++;
        stack.push(n);
        break;
      }
      const a = name();
      if (seen.has(a)) fail(`duplicate attribute ${a}`);
      seen.add(a);
      ws();
      if (doc[i] !== '=') fail('expected =');
      i++;
      ws();
      const q = doc[i];
      if (q !== '"' && q !== "'") fail('expected a quote');
      const end = doc.indexOf(q!, i + 1);
      if (end < 0) fail('unterminated attribute');
      const v = doc.slice(i + 1, end);
      if (v.includes('<')) fail('< in attribute');
      text(v);
      i = end + 1;
    }
  }
  if (stack.length > 0) fail(`unclosed ${stack.join(', ')}`);
  if (roots !== 1) fail('no root element');
}
