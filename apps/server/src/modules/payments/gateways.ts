import type { Db } from '../../db/client.js';
import type { PaymentGateway } from './gateway.js';
import { TestGateway, type TestGatewayBehaviourSetting } from './test-gateway.js';

/** The gateways this build knows, by their PAYMENT_GATEWAY name. */
export const paymentGatewayNames = ['test'] as const;
export type PaymentGatewayName = (typeof paymentGatewayNames)[number];

export function isPaymentGatewayName(value: string): value is PaymentGatewayName {
  return (paymentGatewayNames as readonly string[]).includes(value);
}

/** What any gateway may need; each adapter takes its own settings from its own section. */
export interface PaymentGatewayDeps {
  db: Db;
  /** The app's clock (ms since the epoch); defaults to Date.now. */
  now?: () => number;
  /** The built-in test gateway (PAYMENT_GATEWAY=test). */
  test?: {
    /** TEST_GATEWAY_LATENCY_MS; defaults to 150. */
    latencyMs?: number;
    behaviour?: TestGatewayBehaviourSetting;
  };
}

/**
 * Builds the configured gateway. Checkout only sees PaymentGateway, so a real provider is one
 * more name here and one more adapter file next to test-gateway.ts.
 */
export function createPaymentGateway(
  name: PaymentGatewayName,
  deps: PaymentGatewayDeps,
): PaymentGateway {
  switch (name) {
    case 'test':
      return new TestGateway({
        db: deps.db,
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.test?.latencyMs !== undefined ? { latencyMs: deps.test.latencyMs } : {}),
        ...(deps.test?.behaviour ? { behaviour: deps.test.behaviour } : {}),
      });
    default: {
      const unknown: never = name;
      throw new Error(`Unknown payment gateway "${String(unknown)}"`);
    }
  }
}
