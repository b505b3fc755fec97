/**
 * The gateway idempotency keys of an order's payment operations. They are derived from the order
 * id alone, so every retry of an operation, by any instance, after any crash, is the same call to
 * the gateway and can never move money twice. One refund per order: the checkout's refund of a
 * payment that came too late and an admin's refund share the key, so they cannot both happen.
 */
export function orderPaymentKeys(orderId: string) {
  return {
    authorize: `order-${orderId}-authorize`,
    capture: `order-${orderId}-capture`,
    void: `order-${orderId}-void`,
    refund: `order-${orderId}-refund`,
  };
}
