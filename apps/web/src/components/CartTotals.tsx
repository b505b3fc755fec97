import type { Cart } from '@ironcart/server/api';
import { formatMoney } from '../format.js';

/** The money lines of a cart, as the server computed them (cart page and checkout alike). */
export function CartTotals({ cart, totalTestId }: { cart: Cart; totalTestId: string }) {
  return (
    <dl>
      <div>
        <dt>
          Subtotal ({cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'})
        </dt>
        <dd>{formatMoney(cart.subtotal)}</dd>
      </div>
      <div>
        <dt>Shipping</dt>
        <dd>{Number(cart.shipping.amount) === 0 ? 'Free' : formatMoney(cart.shipping)}</dd>
      </div>
      <div>
        <dt>Tax</dt>
        <dd>{formatMoney(cart.tax)}</dd>
      </div>
      <div className="summary-total">
        <dt>Total</dt>
        <dd data-testid={totalTestId}>{formatMoney(cart.total)}</dd>
      </div>
    </dl>
  );
}
