/**
 * Request validation for the WMS simulator, answering the way 3PL APIs do: 422 with a list of
 * `{ field, message }` so a caller can tell exactly which value to fix.
 *
 * @example
 *   const problems = validateOrderInput(body, { create: true, knownSkus });
 */
import type { OrderLine, Recipient } from './wms-store.ts';

export interface FieldProblem {
  field: string;
  message: string;
}

export const SHIPPING_METHODS = ['ground', 'express', '2day', 'freight'] as const;
const ORDER_KEYS = new Set(['reference', 'status', 'shippingMethod', 'recipient', 'lines']);
const RECIPIENT_KEYS = new Set(['name', 'email', 'address1', 'address2', 'city', 'postalCode', 'country']);

export function validateOrderInput(
  body: unknown,
  options: { create: boolean; knownSkus: ReadonlySet<string> },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ field: '', message: 'the body must be a JSON object' }];
  }
  const order = body as Record<string, unknown>;
  for (const key of Object.keys(order)) {
    if (!ORDER_KEYS.has(key)) problems.push({ field: key, message: 'is not an order field' });
  }
  if (options.create || 'reference' in order) {
    const ref = order.reference;
    if (typeof ref !== 'string' || ref.length < 1 || ref.length > 100) {
      problems.push({ field: 'reference', message: 'is required: a string of 1 to 100 characters' });
    }
  }
  if ('status' in order) {
    if (options.create) problems.push({ field: 'status', message: 'is set by the warehouse; omit it' });
    else if (order.status !== 'cancelled') {
      problems.push({ field: 'status', message: "can only be changed to 'cancelled' by a client" });
    }
  }
  if ('shippingMethod' in order && !SHIPPING_METHODS.includes(order.shippingMethod as never)) {
    problems.push({ field: 'shippingMethod', message: `must be one of ${SHIPPING_METHODS.join(', ')}` });
  }
  if (options.create || 'recipient' in order) {
    problems.push(...validateRecipient(order.recipient, options.create));
  }
  if (options.create || 'lines' in order) {
    problems.push(...validateLines(order.lines, options.knownSkus));
  }
  return problems;
}

function validateRecipient(value: unknown, create: boolean): FieldProblem[] {
  if (typeof value !== 'object' || value === null)
    return [{ field: 'recipient', message: 'is required: an object' }];
  const r = value as Partial<Record<keyof Recipient, unknown>>;
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(r)) {
    if (!RECIPIENT_KEYS.has(key))
      problems.push({ field: `recipient.${key}`, message: 'is not a recipient field' });
  }
  for (const key of ['name', 'address1', 'city', 'postalCode'] as const) {
    if ((create || key in r) && (typeof r[key] !== 'string' || (r[key] as string).trim() === '')) {
      problems.push({ field: `recipient.${key}`, message: 'is required' });
    }
  }
  if ((create || 'country' in r) && (typeof r.country !== 'string' || !/^[A-Z]{2}$/.test(r.country))) {
    problems.push({ field: 'recipient.country', message: 'must be an ISO 3166-1 alpha-2 code such as US' });
  }
  if (
    r.email !== undefined &&
    r.email !== null &&
    (typeof r.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(r.email))
  ) {
    problems.push({ field: 'recipient.email', message: 'is not an e-mail address' });
  }
  return problems;
}

function validateLines(value: unknown, knownSkus: ReadonlySet<string>): FieldProblem[] {
  if (!Array.isArray(value) || value.length === 0)
    return [{ field: 'lines', message: 'must list at least one line' }];
  const problems: FieldProblem[] = [];
  value.forEach((line: Partial<OrderLine>, i) => {
    if (typeof line?.sku !== 'string' || !knownSkus.has(line.sku)) {
      problems.push({ field: `lines[${i}].sku`, message: `unknown SKU ${JSON.stringify(line?.sku)}` });
    }
    if (!Number.isInteger(line?.quantity) || (line.quantity as number) < 1) {
      problems.push({ field: `lines[${i}].quantity`, message: 'must be a whole number of at least 1' });
    }
  });
  return problems;
}
