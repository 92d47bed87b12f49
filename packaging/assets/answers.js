/* coursepack answer matching: how typed answers are normalised and graded; the same rules as src/answers in
   Rust, proven equal by tests/fixtures/answer-vectors.json (course-src/README.md "Answer matching"). */
(function () {
'use strict';

const WS = /\p{White_Space}+/u;
const EDGE = /^[\p{P} ]+|[\p{P} ]+$/gu;
const collapse = (s) => s.split(WS).filter((w) => w !== '').join(' ');

/* NFC; lower case unless case-sensitive; no combining marks when accents are ignored; whitespace runs as one
   space; no punctuation or space at either end. */
function normalize(text, caseSensitive, ignoreAccents) {
  let s = String(text == null ? '' : text).normalize('NFC');
  if (!caseSensitive) s = s.toLowerCase().normalize('NFC');
  if (ignoreAccents) s = s.normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC');
  return collapse(s).replace(EDGE, '');
}

function matchesAny(typed, answers, caseSensitive, ignoreAccents) {
  const t = normalize(typed, caseSensitive, ignoreAccents);
  return t !== '' && (answers || []).some((a) => normalize(a, caseSensitive, ignoreAccents) === t);
}

/* A unit (or a typed number) as compared: NFC, lower case, whitespace collapsed, no . ! ? at the end. */
const normalizeUnit = (u) => collapse(String(u).normalize('NFC').toLowerCase().normalize('NFC'))
  .replace(/[.!?]+$/, '').replace(/ $/, '');

const SIGNS = ['-', '+', '\u2212'];
const isDigit = (c) => c >= '0' && c <= '9';
const allDigits = (t) => t.split('').every(isDigit);

/* "1.234.567" -> "1234567" when every group after the first has three digits and the first one to three. */
function ungroup(int, g) {
  const parts = int.split(g), first = parts[0];
  if (first.length < 1 || first.length > 3 || first[0] === '0') return null;
  return parts.slice(1).every((p) => p.length === 3) ? parts.join('') : null;
}

/* Digits with . , or space separators -> "int[.frac]" without leading or trailing zeros, or null. */
function canonicalDigits(token, decimalComma) {
  const count = (c) => token.split(c).length - 1, dots = count('.'), commas = count(',');
  let group = null, dec = null;
  if (token.includes(' ')) {
    if (dots + commas > 1) return null;
    group = ' ';
    dec = dots ? '.' : commas ? ',' : null;
  } else if (dots > 0 && commas > 0) {
    const last = token.lastIndexOf('.') > token.lastIndexOf(',') ? '.' : ',';
    if (count(last) !== 1) return null;
    group = last === '.' ? ',' : '.';
    dec = last;
  } else if (dots + commas > 0) {
    const c = dots ? '.' : ',';
    if (dots + commas > 1) {
      group = c;
    } else {
      const [int, frac] = token.split(c);
      const looksGrouped = frac.length === 3 && int.length >= 1 && int.length <= 3 && int[0] !== '0';
      if (looksGrouped && c === (decimalComma ? '.' : ',')) group = c; else dec = c;
    }
  }
  let int = token, frac = '';
  if (dec) { const at = token.indexOf(dec); int = token.slice(0, at); frac = token.slice(at + 1); }
  if (group) int = ungroup(int, group);
  if (int == null || !allDigits(int) || !allDigits(frac) || (int === '' && frac === '')) return null;
  int = int.replace(/^0+/, '') || '0';
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/* The canonical decimal text of a typed number ("-0.5", "1000", "40"), or null when it is not one.
   rules = {decimalComma, units: [normalised units]} (written by Rust into #cp-data). */
function parseNumber(typed, rules) {
  const s = Array.from(normalizeUnit(typed == null ? '' : typed)), units = (rules && rules.units) || [];
  const digit = (i) => i < s.length && isDigit(s[i]);
  let start = -1;
  for (let i = 0; i < s.length && start < 0; i++) if (digit(i) || ((s[i] === '.' || s[i] === ',') && digit(i + 1))) start = i;
  if (start < 0) return null;
  let end = start;
  while (end < s.length && (digit(end) || s[end] === '.' || s[end] === ',' || (s[end] === ' ' && digit(end + 1)))) end++;
  const signed = start > 0 && SIGNS.includes(s[start - 1]), negative = signed && s[start - 1] !== '+';
  const pre = s.slice(0, signed ? start - 1 : start).join('').trim(), post = s.slice(end).join('').trim();
  const unitOk = (u) => u === '' || units.includes(u);
  if (!unitOk(pre) || !unitOk(post) || (pre !== '' && post !== '')) return null;
  const digits = canonicalDigits(s.slice(start, end).join(''), !!(rules && rules.decimalComma));
  if (digits == null) return null;
  return negative && digits !== '0' ? '-' + digits : digits;
}

const value = (canonical) => { const v = Number(canonical); return canonical != null && isFinite(v) ? v : null; };
const within = (v, min, max) => (min == null || v >= min) && (max == null || v <= max);

/* Graded like the Rust side: q is a #cp-data question of type fill-in or numeric. */
function gradeText(q, typed) {
  if (q.type === 'numeric') {
    const v = value(parseNumber(typed, q.numeric));
    return v != null && within(v, q.numeric.min, q.numeric.max);
  }
  return matchesAny(typed, q.correct, q.caseSensitive, q.ignoreAccents);
}

/* The feedback of the first near miss the typed text matches, or null. */
function nearMiss(q, typed) {
  const t = normalize(typed, q.caseSensitive, q.ignoreAccents);
  const hit = t && (q.nearMisses || []).find((m) => m.answers.some((a) => normalize(a, q.caseSensitive, q.ignoreAccents) === t));
  return hit ? hit.feedback : null;
}

/* What an interaction records as the learner's response: numeric questions the canonical number ('' when the
   text is not a number), other questions the answer as given. */
function recorded(q, typed) {
  if (q.type !== 'numeric') return typed;
  return parseNumber(typed, q.numeric) || '';
}

window.CoursepackAnswers = { normalize, matchesAny, normalizeUnit, parseNumber, value, within, gradeText, nearMiss, recorded };
})();
