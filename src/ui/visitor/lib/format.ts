/**
 * How numbers from the content read on screen, in each language. Pure functions, no DOM.
 *
 * Chinese: 万 for ten thousand and more (1.8万, 近19万, 200万), plain digits below; a qualifier
 * reads 近 (nearly), 约 (about) before the number or 余 (over) after it: 1200余, 1.8万余, and
 * before 万 or 亿 when a whole number of tens of them is meant: 100余万 (over a million).
 * English: thousands separators, "million" for round millions; "nearly 190,000",
 * "about 500", "18,000+" (or "over 2 million" when the number ends in a word).
 */
import type { Figure, Lang } from '../../../shared';

export type Qualifier = Figure['qualifier'];

export interface QuantityParts {
  /** Words before the number, with any space they need: "nearly ", "近". */
  prefix: string;
  /** The number itself: "190,000", "19万". */
  number: string;
  /** Marks after the number: "+", "余". */
  suffix: string;
}

function trimDecimals(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.?0+$/, '');
}

function zhNumber(value: number): string {
  if (value >= 1e8) return `${trimDecimals(value / 1e8, 2)}亿`;
  if (value >= 1e4) return `${trimDecimals(value / 1e4, 2)}万`;
  return trimDecimals(value, 2);
}

function enNumber(value: number): string {
  if (value >= 1e6 && value % 1e5 === 0) return `${trimDecimals(value / 1e6, 1)} million`;
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function quantityParts(value: number, qualifier: Qualifier, lang: Lang): QuantityParts {
  if (lang === 'zh') {
    const number = zhNumber(value);
    switch (qualifier) {
      case 'over': {
        // 余 follows the last whole place: 100余万 (over 1,000,000), but 1.8万余 and 5万余.
        const tens = /^(\d*[1-9]0+)(万|亿)$/.exec(number);
        return tens ? { prefix: '', number: tens[1]!, suffix: `余${tens[2]}` } : { prefix: '', number, suffix: '余' };
      }
      case 'nearly':
        return { prefix: '近', number, suffix: '' };
      case 'about':
        return { prefix: '约', number, suffix: '' };
      default:
        return { prefix: '', number, suffix: '' };
    }
  }
  const number = enNumber(value);
  switch (qualifier) {
    case 'over':
      return /[a-z]/.test(number) ? { prefix: 'over ', number, suffix: '' } : { prefix: '', number, suffix: '+' };
    case 'nearly':
      return { prefix: 'nearly ', number, suffix: '' };
    case 'about':
      return { prefix: 'about ', number, suffix: '' };
    default:
      return { prefix: '', number, suffix: '' };
  }
}

/** The whole quantity as one string: "近19万", "nearly 190,000", "18,000+". */
export function formatQuantity(value: number, qualifier: Qualifier, lang: Lang): string {
  const p = quantityParts(value, qualifier, lang);
  return `${p.prefix}${p.number}${p.suffix}`;
}

/**
 * The unit to show after a figure, or undefined when it would only repeat the label
 * ("50 beds" over "Beds"). Chinese measure words (张, 台, 人次) are always shown.
 */
export function figureUnit(figure: Figure, lang: Lang): string | undefined {
  const unit = figure.unit?.[lang];
  if (!unit) return undefined;
  if (lang === 'en' && figure.label.en.toLowerCase().includes(unit.toLowerCase())) return undefined;
  return unit;
}

/**
 * A rough width of a number as set on screen, in em of its font: digits and Latin letters about
 * half an em, separators a quarter, Chinese characters a full em. Used to give long numbers a
 * wider tile rather than letting them overflow.
 */
export function estimateWidthEm(text: string): number {
  let em = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) em += 0.56;
    else if (/[,.\s]/.test(ch)) em += 0.25;
    else if (/[A-Za-z+]/.test(ch)) em += 0.55;
    else em += 1;
  }
  return em;
}
