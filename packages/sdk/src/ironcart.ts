import type {
  AddressBook,
  Cart,
  CartEstimate,
  CategoryList,
  ChangePasswordBody,
  CheckoutBody,
  CountryList,
  EstimateQuery,
  LoginAnswer,
  LoginBody,
  OrderDetail,
  OrderList,
  ProductDetail,
  ProductListQuery,
  ProductPage,
  PublicUser,
  SaveAddressBody,
  SavedAddress,
  SessionInfo,
  ShippingQuote,
  SignUpBody,
} from '@ironcart/server/api';
import { AdminApi } from './admin.js';
import { ChannelClient, type ChannelClientOptions } from './client.js';
import {
  type DeviceTokenStore,
  defaultDeviceTokenStore,
  deviceAccountKey,
} from './device-tokens.js';
import { apiErrorFrom } from './errors.js';

/** A saved address's URL. */
const savedAddress = (id: string) => `/api/v1/account/addresses/${encodeURIComponent(id)}`;

/** A cart line's address: lines are per variant. */
const cartItem = (variantId: string) => `/api/v1/cart/items/${encodeURIComponent(variantId)}`;

export interface IroncartClientOptions extends ChannelClientOptions {
  /** Where this device keeps its device tokens; IndexedDB in browsers, memory elsewhere. */
  deviceTokens?: DeviceTokenStore;
}

/**
 * The typed Ironcart API. Every method goes through the secure channel; the shapes come from
 * the server's own schemas (`@ironcart/server/api`), so they cannot drift apart.
 */
export class IroncartClient {
  readonly channel: ChannelClient;
  /** The admin API; its routes answer 404 unless an admin is logged in. */
  readonly admin: AdminApi;
  readonly #deviceTokens: DeviceTokenStore;

  constructor(options: IroncartClientOptions) {
    this.channel = new ChannelClient(options);
    this.admin = new AdminApi(this.channel);
    this.#deviceTokens = options.deviceTokens ?? defaultDeviceTokenStore();
  }

  /** This session: logged in or not, and its lifetime. */
  session(): Promise<SessionInfo> {
    return this.channel.request('GET', '/api/v1/session');
  }

  /** Creates an account and logs in (on a new channel, see {@link login}). */
  async signUp(body: SignUpBody): Promise<PublicUser> {
    return this.#bindNewChannel(
      await this.channel.request<LoginAnswer>('POST', '/api/v1/auth/signup', { json: body }),
    );
  }

  /**
   * Logs in. The server closes the channel the credentials came through; the client makes a
   * fresh one and binds it to the login with the one-time token, so no channel made before
   * authentication is ever authenticated.
   *
   * The device token of this device's last login to the account goes along (inside the
   * channel), so failed logins elsewhere do not lock this device out; the answer's new token
   * replaces it.
   */
  async login(body: LoginBody): Promise<PublicUser> {
    const deviceToken =
      body.deviceToken ?? (await this.#deviceTokens.load(deviceAccountKey(body.email)));
    return this.#bindNewChannel(
      await this.channel.request<LoginAnswer>('POST', '/api/v1/auth/login', {
        json: deviceToken ? { ...body, deviceToken } : body,
      }),
    );
  }

  /** Logs out: the server ends the login and its channel; this side forgets the keys. */
  async logout(): Promise<void> {
    await this.channel.request('POST', '/api/v1/auth/logout');
    await this.channel.close();
  }

  /** Ends every login of this account, on every device. */
  async logoutEverywhere(): Promise<void> {
    await this.channel.request('POST', '/api/v1/auth/logout-everywhere');
    await this.channel.close();
  }

  /** Changes the password; every other login of the account ends, this one stays. */
  changePassword(body: ChangePasswordBody): Promise<void> {
    return this.channel.request('POST', '/api/v1/auth/password', { json: body });
  }

  me(): Promise<PublicUser> {
    return this.channel.request('GET', '/api/v1/me');
  }

  /**
   * One page of the catalog: search (`q`), filters, sort. For the next page pass the answer's
   * `nextCursor` as `cursor` with the same query; it is null on the last page.
   */
  products(query: ProductListQuery = {}): Promise<ProductPage> {
    return this.channel.request('GET', '/api/v1/products', { query });
  }

  /**
   * A product for sale with its description, specs, options and every variant for sale (sold-out
   * ones included) with its own price and stock; 404 not_found otherwise.
   */
  product(id: string): Promise<ProductDetail> {
    return this.channel.request('GET', `/api/v1/products/${encodeURIComponent(id)}`);
  }

  /** The categories in shop order, with how many products each has for sale. */
  categories(): Promise<CategoryList> {
    return this.channel.request('GET', '/api/v1/categories');
  }

  /** Countries an address may be in, with their regions and postal code formats (for forms). */
  countries(): Promise<CountryList> {
    return this.channel.request('GET', '/api/v1/countries');
  }

  /**
   * Delivery methods to a destination, priced for this session's cart, cheapest first, each with
   * what the cart still needs for it to be free. A destination the shop does not serve is an
   * ApiError 400 not_delivered.
   */
  shippingQuote(country: string, region?: string): Promise<ShippingQuote> {
    return this.channel.request('GET', '/api/v1/shipping/quote', {
      query: region ? { country, region } : { country },
    });
  }

  /**
   * This session's cart delivered to a destination: the shipping method (the cheapest unless one
   * is named), tax by the destination's rules and the total. An estimate until checkout; where
   * the destination shows prices with tax in them (EU, UK, Australia) `lines` carry those prices.
   */
  cartEstimate(query: EstimateQuery): Promise<CartEstimate> {
    const wanted = Object.fromEntries(
      Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return this.channel.request('GET', '/api/v1/cart/estimate', { query: wanted });
  }

  /** The logged-in shopper's saved addresses, the default first. */
  addresses(): Promise<AddressBook> {
    return this.channel.request('GET', '/api/v1/account/addresses');
  }

  /**
   * Saves an address; the first one is the default. A 400 invalid_address lists every field's
   * problem in `details` (path `body/<field>`); a full book is a 409 address_book_full.
   */
  saveAddress(body: SaveAddressBody): Promise<SavedAddress> {
    return this.channel.request('POST', '/api/v1/account/addresses', { json: body });
  }

  updateAddress(addressId: string, body: SaveAddressBody): Promise<SavedAddress> {
    return this.channel.request('PUT', savedAddress(addressId), { json: body });
  }

  makeDefaultAddress(addressId: string): Promise<SavedAddress> {
    return this.channel.request('POST', `${savedAddress(addressId)}/default`);
  }

  /** Deletes a saved address; if it was the default, the most recent other one takes over. */
  async deleteAddress(addressId: string): Promise<void> {
    await this.channel.request('DELETE', savedAddress(addressId));
  }

  /** This session's cart (a guest's, or the logged-in shopper's), with server-side totals. */
  cart(): Promise<Cart> {
    return this.channel.request('GET', '/api/v1/cart');
  }

  /** A cart by id: only its owner gets it, anyone else a 404. */
  cartById(cartId: string): Promise<Cart> {
    return this.channel.request('GET', `/api/v1/carts/${encodeURIComponent(cartId)}`);
  }

  /**
   * Adds units of one variant (a product without options: its only variant, whose id is the
   * product's id). A 409 insufficient_stock error carries how many are `available`; a product
   * id of a product with options is a 409 variant_required (choose a size first); an unknown
   * variant a 404.
   */
  addToCart(variantId: string, quantity = 1): Promise<Cart> {
    return this.channel.request('POST', '/api/v1/cart/items', { json: { variantId, quantity } });
  }

  /** Sets the quantity of the cart line of this variant (each variant is its own line). */
  setCartQuantity(variantId: string, quantity: number): Promise<Cart> {
    return this.channel.request('PUT', cartItem(variantId), { json: { quantity } });
  }

  /** One unit more of this variant's line, within its stock and the cart's caps. */
  incrementCartItem(variantId: string): Promise<Cart> {
    return this.channel.request('POST', `${cartItem(variantId)}/increment`);
  }

  /** One unit less; at 1 the server refuses (409 minimum_quantity): use removeFromCart. */
  decrementCartItem(variantId: string): Promise<Cart> {
    return this.channel.request('POST', `${cartItem(variantId)}/decrement`);
  }

  /** Removes this variant's line (other sizes of the same product stay). */
  removeFromCart(variantId: string): Promise<Cart> {
    return this.channel.request('DELETE', cartItem(variantId));
  }

  emptyCart(): Promise<Cart> {
    return this.channel.request('DELETE', '/api/v1/cart');
  }

  /**
   * Pays for the cart the shopper confirmed: `body.cartVersion` is that cart's `version`. Make
   * one `idempotencyKey` per purchase attempt (newIdempotencyKey()) and reuse it for retries of
   * that attempt: the server then never charges twice. Declines are ApiError 402 with the
   * gateway's code and a message for the shopper; a cart that changed since is a
   * CartChangedError carrying the new cart.
   */
  checkout(body: CheckoutBody, idempotencyKey: string): Promise<OrderDetail> {
    return this.channel.request('POST', '/api/v1/checkout', {
      json: body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  async orders(): Promise<OrderList['items']> {
    return (await this.channel.request<OrderList>('GET', '/api/v1/orders')).items;
  }

  order(orderId: string): Promise<OrderDetail> {
    return this.channel.request('GET', `/api/v1/orders/${encodeURIComponent(orderId)}`);
  }

  latestOrder(): Promise<OrderDetail> {
    return this.channel.request('GET', '/api/v1/orders/latest');
  }

  /** The invoice PDF of an order (or of the latest one), as bytes. */
  async invoice(orderId: string | 'latest'): Promise<Uint8Array> {
    const id = orderId === 'latest' ? 'latest' : encodeURIComponent(orderId);
    const response = await this.channel.send('GET', `/api/v1/orders/${id}/invoice`, {
      headers: { accept: 'application/pdf' },
    });
    if (response.status >= 400) {
      throw apiErrorFrom(response.status, JSON.parse(new TextDecoder().decode(response.body)));
    }
    return response.body;
  }

  async #bindNewChannel(answer: LoginAnswer): Promise<PublicUser> {
    await this.#deviceTokens.save(deviceAccountKey(answer.user.email), answer.deviceToken);
    await this.channel.close();
    return this.channel.request('POST', '/api/v1/auth/bind', {
      json: { token: answer.sessionToken },
    });
  }
}

/** A fresh key for one purchase attempt (keep it for that attempt's retries). */
export const newIdempotencyKey = (): string => globalThis.crypto.randomUUID();
