/** Numbers as the figures print them: two decimals, a true minus sign, no "-0.00". */
export function formatNumber(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : 'undefined';
  const s = v.toFixed(digits);
  const zero = Number(s) === 0;
  return (zero ? s.replace('-', '') : s).replace('-', '−');
}

/** a·x + b·y + c written out with signs, e.g. "1.00·x − 0.50·y + 0.25". */
export function formatAffine(a: number, b: number, c: number): string {
  const term = (v: number, name: string, first: boolean): string => {
    const sign = v < 0 && Number(v.toFixed(2)) !== 0 ? '−' : first ? '' : '+';
    const body = formatNumber(Math.abs(v)) + name;
    return first ? `${sign}${body}` : ` ${sign} ${body}`;
  };
  return term(a, '·x', true) + term(b, '·y', false) + term(c, '', false);
}
