import fc from 'fast-check';

/**
 * Generic hostile inputs, independent of any route: the strings attackers and broken clients
 * actually send, values of the wrong JSON type, and bodies built to hurt a parser.
 */

/** Injection, traversal, encoding and parser-confusion strings, verbatim. */
export const HOSTILE_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '"; DROP TABLE users; --',
  "1'; update products set stock=0; --",
  '\\',
  "'",
  '%',
  '_',
  '%%',
  '{"$gt":""}',
  '{"$where":"sleep(1000)"}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, verbatim.
  '${7*7}',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252f',
  '..%00',
  '..%2f',
  '....//....//etc/passwd',
  '/etc/passwd',
  'file:///etc/passwd',
  'a\u0000b',
  '\u0000',
  '%00',
  '\r\nSet-Cookie: x=1',
  '\u202e\u0645\ud83d\ude00',
  '\ud800',
  '\uffff\ufffe',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '0x10',
  '9007199254740993',
  '-9223372036854775809',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ' ',
  '',
];

/** Numbers around every boundary the schemas use, and ones JSON cannot round-trip exactly. */
export const BOUNDARY_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  1.5,
  12,
  13,
  59,
  60,
  61,
  99,
  100,
  101,
  366,
  367,
  9_999,
  10_000,
  10_001,
  1_000_000,
  1_000_001,
  -1_000_000,
  -1_000_001,
  2 ** 31,
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e308,
  -1e308,
  5e-324,
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  // Far past every maxLength in the API (the longest is 4,000).
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => 'x'.repeat(n)) },
);

/** One JSON value of any type, mostly hostile: for a field whose schema it will rarely match. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { $gt: '' }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown) },
);

/** A query-string or path value: hostile text, sometimes percent-encoded twice. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.constantFrom(...BOUNDARY_NUMBERS).map(String),
);

/** Nesting far deeper than any schema: stack depth is the parser's and validator's problem. */
export function deeplyNested(levels: number, open: '[' | '{"a":'): string {
  const close = open === '[' ? ']' : '}';
  return open.repeat(levels) + (open === '[' ? '' : '1') + close.repeat(levels);
}

/** Raw request bodies that no schema can describe: broken JSON, bombs, pollution attempts. */
export function rawBodies(bodyLimit: number): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    fc.constantFrom(
      '',
      '{',
      '}',
      '{"a":',
      '[1,2',
      'nul',
      '{"a":1,"a":2}',
      '{"quantity":1,"quantity":"1"}',
      '{"__proto__":{"admin":true,"role":"admin"}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      '{"__proto__":{"isAdmin":true},"productId":"x"}',
      '\ufeff{}',
      '{"a":"\\ud800"}',
      '{"a":1e999}',
      '{"a":-0}',
      "{'a':1}",
      '{"a":NaN}',
      '{"a":undefined}',
      '[]',
      '"string"',
      '1',
      'null',
      'true',
      '\u0000',
    ),
    fc.constantFrom(
      deeplyNested(10_000, '['),
      deeplyNested(10_000, '{"a":'),
      deeplyNested(100_000, '['),
    ),
    // Just over the limit: must be a clean 413, never a buffered crash.
    fc.constantFrom(`{"a":"${'x'.repeat(bodyLimit)}"}`, Buffer.alloc(bodyLimit + 1, 0x20)),
    // A large but legal body: the validator must reject it without choking.
    fc.constant(JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => ({ i })) })),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.json({ maxDepth: 4 }),
  );
}

/** Content types a body may claim, including lies and nonsense. */
export const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'image/png',
  'application/xml',
  'application/json, application/json',
  ';;;',
  'application/\u00e9',
  '',
);
