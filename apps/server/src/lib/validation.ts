import { Ajv, type KeywordDefinition, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { FastifySchemaCompiler } from 'fastify';
import { type TStringOptions, Type } from 'typebox';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const shared: Options = {
  allErrors: false,
  useDefaults: true,
  removeAdditional: false,
  strict: false,
};

/**
 * Every string of every request is plain text unless its schema says otherwise: C0 and C1
 * control characters (NUL, escape, DEL, U+0080-U+009F...) and lone surrogates are refused with
 * a 400 before any handler runs. PostgreSQL cannot store a NUL and nobody types the others, so
 * they are mistakes or attacks. The rule is added here, to every string schema the compiler
 * sees, so a route nobody remembered to protect is protected all the same.
 */
const PLAIN_TEXT_KEYWORD = 'x-plain-text';
/**
 * Marks a string that may hold several lines (a product description): line feed, carriage
 * return and tab are then allowed; every other control character is still refused.
 */
export const MULTILINE_KEYWORD = 'x-multiline';

/** Cc is exactly C0 (U+0000-U+001F), DEL and C1 (U+007F-U+009F); Cs a lone surrogate. */
const CONTROL = /[\p{Cc}\p{Cs}]/u;
const CONTROL_EXCEPT_LINES = /(?![\t\n\r])[\p{Cc}\p{Cs}]/u;

/** A string schema whose value may span lines (see {@link MULTILINE_KEYWORD}). */
export function multilineText(options: TStringOptions = {}) {
  return Type.String({ ...options, [MULTILINE_KEYWORD]: true });
}

const plainText: KeywordDefinition = {
  keyword: PLAIN_TEXT_KEYWORD,
  type: 'string',
  schemaType: 'string',
  errors: true,
  validate: function validatePlainText(mode: 'line' | 'lines', data: string) {
    const ok = !(mode === 'lines' ? CONTROL_EXCEPT_LINES : CONTROL).test(data);
    if (!ok) {
      (validatePlainText as { errors?: unknown[] }).errors = [
        {
          keyword: PLAIN_TEXT_KEYWORD,
          message:
            mode === 'lines'
              ? 'must not contain control characters other than line breaks and tabs'
              : 'must not contain control characters',
          params: {},
        },
      ];
    }
    return ok;
  },
};

/** Keywords whose values are schemas, or lists of schemas, that describe the data. */
const SUBSCHEMA_KEYWORDS = [
  'items',
  'prefixItems',
  'additionalProperties',
  'contains',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
];
/** Keywords whose values map names to schemas. */
const SUBSCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions'];

const isSchema = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of `schema` with the plain-text rule on every string it accepts, at any depth. */
function withTextRules(schema: unknown): unknown {
  if (!isSchema(schema)) return schema;
  const copy: Record<string, unknown> = { ...schema };
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) {
    copy[PLAIN_TEXT_KEYWORD] = schema[MULTILINE_KEYWORD] === true ? 'lines' : 'line';
  }
  for (const keyword of SUBSCHEMA_KEYWORDS) {
    const value = schema[keyword];
    if (Array.isArray(value)) copy[keyword] = value.map(withTextRules);
    else if (isSchema(value)) copy[keyword] = withTextRules(value);
  }
  for (const keyword of SUBSCHEMA_MAP_KEYWORDS) {
    const map = schema[keyword];
    if (isSchema(map)) {
      copy[keyword] = Object.fromEntries(
        Object.entries(map).map(([name, value]) => [name, withTextRules(value)]),
      );
    }
  }
  return copy;
}

/**
 * Dates and date-times in requests lie in years 1900 to 2999: wide enough for any shop, and
 * narrow enough that a day added or a zone applied stays a date PostgreSQL accepts (year 9999
 * plus a day is year 10000, which it refuses). One bound for every date field of every route.
 */
const EARLIEST_DATE = '1900-01-01';
const LATEST_DATE = '2999-12-31';

const inDateRange = (day: string) => day >= EARLIEST_DATE && day <= LATEST_DATE;
const validDate = fullFormats.date as { validate: (text: string) => boolean };
const validDateTime = fullFormats['date-time'] as { validate: (text: string) => boolean };

function addBoundedDates(ajv: Ajv): Ajv {
  ajv.addFormat('date', (text: string) => validDate.validate(text) && inDateRange(text));
  ajv.addFormat('date-time', (text: string) => {
    if (!validDateTime.validate(text)) return false;
    // A leap second (23:59:60) is valid RFC 3339 but no JavaScript Date: refused.
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime())) return false;
    // The calendar day in UTC and as written must both be in range (zones shift it a day).
    const utcDay = instant.toISOString().slice(0, 10);
    return inDateRange(text.slice(0, 10)) && inDateRange(utcDay);
  });
  return ajv;
}

function requestAjv(options: Options): Ajv {
  const ajv = addBoundedDates(addFormats(new Ajv({ ...shared, ...options })));
  ajv.addKeyword(plainText);
  return ajv;
}

/**
 * The compiler for every route's request schema. `allErrors` is for tests that probe many
 * fields at once; the server stops at the first problem (cheaper, and enough to answer).
 */
export function createValidatorCompiler(
  options: { allErrors?: boolean } = {},
): FastifySchemaCompiler<object> {
  /** Bodies are JSON with real types: "5" is not a number and unknown fields are refused. */
  const bodyAjv = requestAjv({ ...options, coerceTypes: false });
  /** Query strings, params and headers are text by nature, so they are coerced to their types. */
  const textAjv = requestAjv({ ...options, coerceTypes: 'array' });
  return ({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(
      withTextRules(schema) as object,
    ) as ReturnType<FastifySchemaCompiler<object>>;
}

export const validatorCompiler = createValidatorCompiler();
