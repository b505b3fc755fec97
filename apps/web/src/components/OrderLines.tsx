import type { OrderDetail } from '@ironcart/server/api';
import type { ReactNode } from 'react';
import { formatMoney } from '../format.js';

type OrderLine = OrderDetail['lines'][number];

/**
 * An order's "Items" panel: its lines (product, quantity, price, line total) and its totals.
 * The shopper's order page and the admin's show it alike; each shows the product (its link, the
 * variant bought and its SKU) its own way.
 */
export function OrderLines({
  order,
  headingId,
  product,
  scrolls = false,
}: {
  order: OrderDetail;
  /** The id of the panel's heading, which names the panel. */
  headingId: string;
  /** A line's product cell. */
  product: (line: OrderLine) => ReactNode;
  /** Whether the table scrolls sideways in a box of its own (the admin's narrow column). */
  scrolls?: boolean;
}) {
  const table = (
    <table>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col" className="num">
            Qty
          </th>
          <th scope="col" className="num">
            Price
          </th>
          <th scope="col" className="num">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {order.lines.map((line) => (
          <tr key={line.variantId}>
            <td>{product(line)}</td>
            <td className="num">{line.quantity}</td>
            <td className="num">{formatMoney(line.unitPrice)}</td>
            <td className="num">{formatMoney(line.lineTotal)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section className="panel order-lines" aria-labelledby={headingId}>
      <h2 id={headingId}>Items</h2>
      {scrolls ? <div className="table-scroll">{table}</div> : table}
      <dl className="order-totals">
        <div>
          <dt>Subtotal</dt>
          <dd>{formatMoney(order.subtotal)}</dd>
        </div>
        <div>
          <dt>Shipping</dt>
          <dd>{Number(order.shipping.amount) === 0 ? 'Free' : formatMoney(order.shipping)}</dd>
        </div>
        <div>
          <dt>Tax</dt>
          <dd>{formatMoney(order.tax)}</dd>
        </div>
        <div className="order-total">
          <dt>Total</dt>
          <dd data-testid="order-total">{formatMoney(order.total)}</dd>
        </div>
      </dl>
    </section>
  );
}
