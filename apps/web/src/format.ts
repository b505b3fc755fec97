import { ApiError } from '@ironcart/sdk';

interface Money {
  amount: string;
  currency: string;
}

const formats = new Map<string, Intl.NumberFormat>();

/** "94.99 USD" as "$94.99". */
export function formatMoney(money: Money): string {
  let format = formats.get(money.currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency });
    formats.set(money.currency, format);
  }
  return format.format(Number(money.amount));
}

/** A sentence for the shopper from whatever an API call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'insufficient_stock' && error.available !== undefined) {
      return error.available > 0
        ? `Only ${error.available} left.`
        : 'Sorry, this product just sold out.';
    }
    if (error.status === 429) return 'Too many requests. Please wait a moment and try again.';
    if (error.status >= 500) return 'Something went wrong on our side. Please try again.';
    return error.message;
  }
  return 'We could not reach the store. Check your connection and try again.';
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/** "2026-11-21T11:48:46Z" as "Nov 21, 2026". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** "2026-11-21T11:48:46Z" as "Nov 21, 2026, 11:48 AM". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}
