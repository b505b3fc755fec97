import type { ChannelState, IroncartClient } from '@ironcart/sdk';
import type { Cart, LoginBody, PublicUser, SignUpBody } from '@ironcart/server/api';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';

/** What every page shares: the one SDK client, the channel state, the shopper and the cart. */
export interface Shop {
  client: IroncartClient;
  channelState: ChannelState;
  /** The logged-in shopper; null for a guest; undefined until the session is first known. */
  user: PublicUser | null | undefined;
  /** The cart as the server last described it; null until it is first loaded. */
  cart: Cart | null;
  /** Keeps the answer of a cart call (every cart call answers the whole cart). */
  setCart: (cart: Cart) => void;
  refreshCart: () => Promise<void>;
  refreshSession: () => Promise<void>;
  /** Logs in (the guest cart merges into the account's), then refreshes the cart. */
  login: (body: LoginBody) => Promise<PublicUser>;
  /** Creates the account and logs in (the guest cart goes with it), then refreshes the cart. */
  signUp: (body: SignUpBody) => Promise<PublicUser>;
  /** Logs out, then refreshes the session and the (now guest) cart. */
  logout: () => Promise<void>;
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
  const [user, setUser] = useState<PublicUser | null | undefined>(undefined);

  useEffect(() => client.channel.onStateChange(setChannelState), [client]);

  const refreshCart = useCallback(async () => {
    try {
      setCart(await client.cart());
    } catch {
      // The header count is a convenience: a failed refresh keeps the last known cart.
    }
  }, [client]);

  const refreshSession = useCallback(async () => {
    try {
      const session = await client.session();
      setUser(session.authenticated ? session.user : null);
    } catch {
      // Unknown is treated as a guest: pages that need a login send the shopper to log in.
      setUser((known) => known ?? null);
    }
  }, [client]);

  useEffect(() => {
    void refreshSession();
    void refreshCart();
  }, [refreshSession, refreshCart]);

  const login = useCallback(
    async (body: LoginBody) => {
      const who = await client.login(body);
      setUser(who);
      await refreshCart();
      return who;
    },
    [client, refreshCart],
  );

  const signUp = useCallback(
    async (body: SignUpBody) => {
      const who = await client.signUp(body);
      setUser(who);
      await refreshCart();
      return who;
    },
    [client, refreshCart],
  );

  const logout = useCallback(async () => {
    try {
      await client.logout();
    } finally {
      await refreshSession();
      await refreshCart();
    }
  }, [client, refreshSession, refreshCart]);

  const shop = useMemo(
    () => ({
      client,
      channelState,
      user,
      cart,
      setCart,
      refreshCart,
      refreshSession,
      login,
      signUp,
      logout,
    }),
    [client, channelState, user, cart, refreshCart, refreshSession, login, signUp, logout],
  );
  return <ShopContext.Provider value={shop}>{children}</ShopContext.Provider>;
}

export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error('useShop outside <ShopProvider>');
  return shop;
}

/**
 * Where to go after logging in: the `next` parameter when it is a path of this site, the
 * home page otherwise (never another origin: "//evil.example" and "/\evil" are refused).
 */
export function safeNext(next: string | null): string {
  if (next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) return next;
  return '/';
}
