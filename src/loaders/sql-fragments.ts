// SQL composed from fragments, with every value kept apart as a parameter: a value is
// never spliced into the text. After graphile/crystal's pg-sql2 (`sql` tagged template,
// `sql.join`, `sql.compile`), cut down to what our statements need: a fragment is
// compiled into the text of a statement whose parameter list the caller owns (`param`
// appends a value and returns its placeholder), so fragments slot into statements that
// number their own parameters.
const FRAGMENT = Symbol('sql fragment');

type Part = string | { value: unknown };

export interface SqlFragment {
  readonly [FRAGMENT]: readonly Part[];
}

const isFragment = (value: unknown): value is SqlFragment => typeof value === 'object' && value !== null && FRAGMENT in value;

/** sql`p.year = ${year}::int`: the text as written, each interpolated value a parameter (a fragment: inlined). */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  const parts: Part[] = [];
  strings.forEach((text, i) => {
    parts.push(text);
    if (i < values.length) {
      const value = values[i];
      if (isFragment(value)) parts.push(...value[FRAGMENT]);
      else parts.push({ value });
    }
  });
  return { [FRAGMENT]: parts };
}

/** Text of our own (never input): layout, e.g. a line break and its indentation. */
export function rawSql(text: string): SqlFragment {
  return { [FRAGMENT]: [text] };
}

/** The fragments one after another, `separator` (text of our own) between them. */
export function joinSql(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  return { [FRAGMENT]: fragments.flatMap((f, i) => (i === 0 ? f[FRAGMENT] : [separator, ...f[FRAGMENT]])) };
}

/** The fragment's text, each value replaced by the placeholder `param` returns for it. */
export function compileSql(fragment: SqlFragment, param: (value: unknown) => string): string {
  return fragment[FRAGMENT].map((part) => (typeof part === 'string' ? part : param(part.value))).join('');
}
