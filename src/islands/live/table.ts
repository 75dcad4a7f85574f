/**
 * A live figure's settings as one typed table: for each setting its label, the letters that name
 * it in a link, its choices (or range), its default, and what changing it does (start a new run,
 * change the playing speed, or only redraw). The kit renders the controls from it (Options.svelte),
 * validates values against it, and writes and reads it in the page's address, so that a link
 * reproduces a run. The idea is TensorFlow Playground's table of URL properties, with types.
 *
 * A figure's state in a link is a list of tokens joined by "_", each the setting's code and its
 * value: `n50_osgd_r0.1_s7` is 50 neurons, SGD, rate 0.1, seed 7. Only values that differ from the
 * figure's own defaults are written. Reading takes nothing on trust: a token must name a setting of
 * this figure and a value it offers (or a number in its range), else the default stays and the
 * problem is reported in words of our own (the address's text is never shown or inserted).
 */

export type Value = string | number | boolean;

/** What changing a setting does. */
export type Effect = 'restart' | 'speed' | 'view';

interface Base<V> {
  /** The control's label. */
  readonly label: string;
  /** Letters naming it in a link: unique within the figure, none the start of another, not "s". */
  readonly code: string;
  readonly effect: Effect;
  /** Its control's data-option (default: the key in kebab case). */
  readonly option?: string;
  /** A longer explanation, shown as the control's tooltip. */
  readonly title?: string;
  /** Offered only while this holds (e.g. Adam's constants while Adam trains); its value is kept. */
  readonly when?: (v: V) => boolean;
  /** Settings put back to their defaults when this one changes (a rate when the optimizer does). */
  readonly resets?: readonly (keyof V & string)[];
  /** Shown as a control (false: only carried in the link, e.g. a zoom's centre). Default true. */
  readonly control?: boolean;
  /** Controls sharing a group are drawn together, under this legend. */
  readonly group?: string;
}

export interface ChoiceSpec<V, T extends Value> extends Base<V> {
  readonly kind: 'choice';
  readonly choices: readonly T[] | ((v: V) => readonly T[]);
  readonly default: T | ((v: V) => T);
  /** The words a choice is offered as (default: its value as text). */
  readonly format?: (value: T) => string;
}

export interface ToggleSpec<V> extends Base<V> {
  readonly kind: 'toggle';
  readonly default: boolean;
}

/**
 * A setting typed as text (a list of layer widths): `check` says in words why a text is not
 * accepted (null when it is), `parse` turns what the reader typed into the canonical text kept in
 * the values and the link (no "_"), `format` shows it in the field.
 */
export interface TextSpec<V> extends Base<V> {
  readonly kind: 'text';
  readonly default: string;
  readonly check: (text: string) => string | null;
  readonly parse?: (input: string) => string;
  readonly format?: (text: string) => string;
  /** A line under the field saying what it takes. */
  readonly hint?: string;
}

export interface RangeSpec<V> extends Base<V> {
  readonly kind: 'range';
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly default: number;
}

export type SettingSpec<V, T> = [T] extends [boolean]
  ? ToggleSpec<V> | ChoiceSpec<V, boolean>
  : [T] extends [number]
    ? ChoiceSpec<V, number> | RangeSpec<V>
    : [T] extends [string]
      ? string extends T
        ? ChoiceSpec<V, T> | TextSpec<V>
        : ChoiceSpec<V, T>
      : never;

/** A figure's settings: one entry per key of its values, in the order the controls appear. */
export type Table<V> = { readonly [K in keyof V]: SettingSpec<V, V[K]> };

export type AnySpec<V> = ChoiceSpec<V, Value> | ToggleSpec<V> | RangeSpec<V> | TextSpec<V>;

/** The seeds a figure accepts (its random numbers come from a 32-bit state). */
export const SEED_RANGE = { min: 1, max: 2147483646 } as const;
/** The code of the seed in a link. */
export const SEED_CODE = 's';
/** Longest figure state a link may carry; anything longer is not read at all. */
export const MAX_LINK_STATE = 200;

export function entries<V>(table: Table<V>): [keyof V & string, AnySpec<V>][] {
  return Object.entries(table) as [keyof V & string, AnySpec<V>][];
}

/** The choices a setting offers now (they may depend on other settings). */
export function choicesOf<V>(spec: AnySpec<V>, values: V): readonly Value[] {
  if (spec.kind === 'toggle') return [false, true];
  if (spec.kind === 'range' || spec.kind === 'text') return [];
  return typeof spec.choices === 'function' ? spec.choices(values) : spec.choices;
}

export function defaultOf<V>(spec: AnySpec<V>, values: V): Value {
  return typeof spec.default === 'function' ? spec.default(values) : spec.default;
}

/** The text of a value in a link: numbers as short as they print, booleans as 1 and 0. */
export function valueText(v: Value): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

/** The words a choice is offered as. */
export function choiceLabel<V>(spec: AnySpec<V>, v: Value): string {
  return spec.kind === 'choice' && spec.format ? spec.format(v) : valueText(v);
}

/** The data-option of a setting's control. */
export function optionName<V>(key: string, spec: AnySpec<V>): string {
  return spec.option ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Whether `v` is a value the setting accepts, given the other settings. */
export function accepts<V>(spec: AnySpec<V>, v: unknown, values: V): boolean {
  if (spec.kind === 'range') return typeof v === 'number' && Number.isFinite(v) && v >= spec.min && v <= spec.max && (!spec.integer || Number.isInteger(v));
  if (spec.kind === 'text') return typeof v === 'string' && !v.includes('_') && v.length <= 60 && spec.check(v) === null;
  return choicesOf(spec, values).some((c) => c === v);
}

/**
 * The values of a figure: each setting's default (or the figure's own, from `given`, when the
 * table accepts it), in table order, so a default may depend on the settings before it.
 */
export function defaults<V>(table: Table<V>, given: Partial<V> = {}): V {
  const out = {} as V;
  for (const [key, spec] of entries(table)) {
    const wanted = given[key];
    (out as Record<string, Value>)[key] = wanted !== undefined && accepts(spec, wanted, out) ? (wanted as Value) : defaultOf(spec, out);
  }
  return out;
}

/**
 * After the reader changed `key`: the settings it resets go back to their defaults, and any
 * setting whose value is no longer offered (its choices depend on others) takes its default.
 */
export function settle<V>(table: Table<V>, values: V, key: keyof V & string): void {
  const record = values as Record<string, Value>;
  const spec = table[key] as AnySpec<V>;
  for (const other of spec.resets ?? []) record[other] = defaultOf(table[other] as AnySpec<V>, values);
  for (const [k, s] of entries(table)) if (!accepts(s, record[k], values)) record[k] = defaultOf(s, values);
}

/** Checks a table: codes unique, none a prefix of another or of the seed's, defaults accepted. */
export function checkTable<V>(table: Table<V>): string[] {
  const problems: string[] = [];
  const codes = entries(table).map(([k, s]) => [k, s.code] as const);
  for (const [k, c] of codes) {
    if (!/^[a-z]+$/.test(c)) problems.push(`${k}: code "${c}" is not lower-case letters`);
    if (c.startsWith(SEED_CODE)) problems.push(`${k}: code "${c}" starts like the seed's`);
    for (const [k2, c2] of codes) if (k !== k2 && c2.startsWith(c)) problems.push(`${k}: code "${c}" starts "${c2}" of ${k2}`);
  }
  const values = defaults(table);
  for (const [k, s] of entries(table)) if (!accepts(s, (values as Record<string, Value>)[k], values)) problems.push(`${k}: its default is not accepted`);
  return problems;
}

/** A figure's values and seed as link text: the tokens that differ from `base` and `baseSeed`. */
export function encode<V>(table: Table<V>, values: V, seed: number, base: V, baseSeed: number): string {
  const tokens: string[] = [];
  const record = values as Record<string, Value>;
  const baseRecord = base as Record<string, Value>;
  // A setting written resets others when read (see decode): those are written too.
  const needed = new Set<string>();
  for (const [key, spec] of entries(table)) {
    if (record[key] === baseRecord[key] && !needed.has(key)) continue;
    tokens.push(spec.code + valueText(record[key]!));
    for (const other of spec.resets ?? []) needed.add(other);
  }
  if (seed !== baseSeed) tokens.push(SEED_CODE + String(seed));
  return tokens.join('_');
}

export interface Decoded<V> {
  readonly values: V;
  readonly seed: number;
  /** Labels of the settings the link named wrongly (or a sentence about the whole), for the note. */
  readonly problems: readonly string[];
}

/**
 * Reads link text against the table: each token that names a setting and a value it accepts is
 * taken, the rest is reported. Never throws, whatever the text.
 */
export function decode<V>(table: Table<V>, text: string, base: V, baseSeed: number): Decoded<V> {
  const values = { ...base };
  const record = values as Record<string, Value>;
  let seed = baseSeed;
  if (text.length > MAX_LINK_STATE) return { values, seed, problems: ['too long to be one of this figure’s links'] };
  const problems: string[] = [];
  const named = new Map<string, string>();
  for (const token of text.split('_')) {
    if (token === '') continue;
    const found = entries(table).find(([, s]) => token.startsWith(s.code));
    const hit: readonly [string, string] | null = token.startsWith(SEED_CODE) ? ['seed', SEED_CODE] : found ? [found[0], found[1].code] : null;
    if (!hit || named.has(hit[0])) {
      problems.push(hit ? `${labelOf(table, hit[0])} (given twice)` : 'a setting this figure does not have');
      continue;
    }
    named.set(hit[0], token.slice(hit[1].length));
  }
  // In table order, so that choices depending on earlier settings are checked against them.
  for (const [key, spec] of entries(table)) {
    const raw = named.get(key);
    if (raw === undefined) continue;
    const value = parseValue(spec, raw, values);
    if (value === undefined) {
      problems.push(spec.label.toLowerCase());
      continue;
    }
    record[key] = value;
    // As when the reader changes it: what it resets starts from its default (unless the link says).
    for (const other of spec.resets ?? []) record[other] = defaultOf(table[other] as AnySpec<V>, values);
  }
  for (const [key, spec] of entries(table)) if (!accepts(spec, record[key], values)) record[key] = defaultOf(spec, values);
  const rawSeed = named.get('seed');
  if (rawSeed !== undefined) {
    const n = /^\d{1,10}$/.test(rawSeed) ? Number(rawSeed) : NaN;
    if (Number.isInteger(n) && n >= SEED_RANGE.min && n <= SEED_RANGE.max) seed = n;
    else problems.push('seed');
  }
  return { values, seed, problems };
}

function labelOf<V>(table: Table<V>, key: string): string {
  return key === 'seed' ? 'seed' : (table[key as keyof V] as AnySpec<V>).label.toLowerCase();
}

function parseValue<V>(spec: AnySpec<V>, raw: string, values: V): Value | undefined {
  if (spec.kind === 'range') {
    if (!/^-?\d+(\.\d+)?(e-?\d+)?$/.test(raw)) return undefined;
    const n = Number(raw);
    return accepts(spec, n, values) ? n : undefined;
  }
  if (spec.kind === 'text') return accepts(spec, raw, values) ? raw : undefined;
  return choicesOf(spec, values).find((c) => valueText(c) === raw);
}

/** The note a figure shows when its link could not all be read. */
export function linkNote(problems: readonly string[]): string | null {
  if (!problems.length) return null;
  const what = [...new Set(problems)];
  const list = what.length === 1 ? what[0]! : `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}`;
  return `Part of this page’s link could not be used for this figure (${list}); it starts from its own settings there instead.`;
}
