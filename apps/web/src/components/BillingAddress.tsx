import type { OrderDetail } from '@ironcart/server/api';
import { COUNTRIES } from '../pages/CheckoutPage.js';

/** Countries that write the city before the postal code. */
const CITY_FIRST = new Set(['US', 'CA', 'GB', 'AU']);

/** An order's billing address, written the way its country writes addresses. */
export function BillingAddress({ billing }: { billing: NonNullable<OrderDetail['billing']> }) {
  const country = COUNTRIES.find((c) => c.code === billing.country)?.name;
  return (
    <address>
      {billing.name}
      <br />
      {billing.line1}
      {billing.line2 && (
        <>
          <br />
          {billing.line2}
        </>
      )}
      <br />
      {CITY_FIRST.has(billing.country)
        ? `${billing.city} ${billing.postalCode}`
        : `${billing.postalCode} ${billing.city}`}
      <br />
      {country ?? billing.country}
    </address>
  );
}
