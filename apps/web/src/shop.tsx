import type { ChannelState, IroncartClient } from '@ironcart/sdk';
import type { Cart } from '@ironcart/server/api';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';

/** What every page shares: the one SDK client, the channel state and the cart. */
export interface Shop {
  client: IroncartClient;
  channelState: ChannelState;
  /** The cart as the server last described it; null until it is first loaded. */
  cart: Cart | null;
  /** Keeps the answer of a cart call (every cart call answers the whole cart). */
  setCart: (cart: Cart) => void;
  refreshCart: () => Promise<void>;
}

const ShopContext = createContext<Shop | null>(null);

export function ShopProvider({
  client,
  children,
}: {
  client: IroncartClient;
  children: ReactNode;
}) {
  const [channelState, setChannelState] = useState<ChannelState>(client.channel.state);
  const [cart, setCart] = useState<Cart | null>(null);

  useEffect(() => client.channel.onStateChange(setChannelState), [client]);

  const refreshCart = useCallback(async () => {
    try {
      setCart(await client.cart());
    } catch {
      // The header count is a convenience: a failed refresh keeps the last known cart.
    }
  }, [client]);

  useEffect(() => {
    void refreshCart();
  }, [refreshCart]);

  const shop = useMemo(
    () => ({ client, channelState, cart, setCart, refreshCart }),
    [client, channelState, cart, refreshCart],
  );
  return <ShopContext.Provider value={shop}>{children}</ShopContext.Provider>;
}

export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error('useShop outside <ShopProvider>');
  return shop;
}
