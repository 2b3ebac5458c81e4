/**
 * Phone numbers as typed vs as Shopify stores them: Shopify validates and keeps E.164
 * (`+498912345678`), the CRM and NetSuite keep what was typed (`089 1234567`, `(415) 555-0132`).
 *
 * @example
 *   toE164('089 1234567', 'DE') // '+49891234567'
 */
const CALLING_CODES: Record<string, string> = {
  US: '1',
  DE: '49',
  DK: '45',
  PL: '48',
  GR: '30',
  FR: '33',
  GB: '44',
  JP: '81',
  KW: '965',
};

export function toE164(phone: string | null, country: string): string | null {
  if (!phone) return null;
  const withoutExtension = phone.replace(/\s*ext\..*$/i, '');
  const trimmed = withoutExtension.replace(/\(0\)/g, '');
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.trim().startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  const code = CALLING_CODES[country] ?? '';
  if (country === 'US' || country === 'KW')
    return `+${code}${digits.replace(new RegExp(`^${code}(?=\\d{10}$)`), '')}`;
  return `+${code}${digits.replace(/^0/, '')}`;
}
