import type { CategorySummary } from '@ironcart/server/api';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, NavLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useShop } from '../shop.js';
import { AccountMenu } from './AccountMenu.js';
import { ChannelIndicator } from './ChannelIndicator.js';

export function Header() {
  const { client, cart, user } = useShop();
  const [categories, setCategories] = useState<CategorySummary[]>([]);
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const currentQ = location.pathname === '/' ? (params.get('q') ?? '') : '';
  const [q, setQ] = useState(currentQ);
  const activeCategory = location.pathname === '/' ? params.get('category') : null;

  // The box follows the URL (back button, reset), and the shopper's typing in between.
  useEffect(() => setQ(currentQ), [currentQ]);

  useEffect(() => {
    let live = true;
    client.categories().then(
      (list) => live && setCategories(list.items),
      () => undefined, // the navigation is a shortcut; the catalog page shows its own errors
    );
    return () => {
      live = false;
    };
  }, [client]);

  function search(event: FormEvent) {
    event.preventDefault();
    const words = q.trim();
    navigate(words ? `/?${new URLSearchParams({ q: words })}` : '/');
  }

  const count = cart?.itemCount ?? 0;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="topbar">
        <div className="container topbar-inner">
          <span>Jerseys, boots, balls and gear for every sport</span>
          <ChannelIndicator />
        </div>
      </div>
      <div className="container header-main">
        <Link to="/" className="wordmark" aria-label="Ironcart home">
          IRON<span>CART</span>
        </Link>
        <search className="search">
          <form onSubmit={search}>
            <label htmlFor="site-search" className="visually-hidden">
              Search products
            </label>
            <input
              id="site-search"
              type="search"
              name="q"
              placeholder="Search the shop"
              autoComplete="off"
              maxLength={200}
              value={q}
              onChange={(event) => setQ(event.target.value)}
            />
            <button type="submit" className="search-button">
              Search
            </button>
          </form>
        </search>
        <nav className="header-actions" aria-label="Your shop">
          {user?.role === 'admin' && (
            <Link
              to="/admin/products"
              className="header-link admin-link"
              aria-label="Shop admin"
              aria-current={location.pathname.startsWith('/admin') ? 'page' : undefined}
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
                <path d="M3 13h8V3H3v10Zm0 8h8v-6H3v6Zm10 0h8V11h-8v10Zm0-18v6h8V3h-8Z" />
              </svg>
              <span className="header-link-text">Admin</span>
            </Link>
          )}
          <AccountMenu />
          <Link to="/cart" className="header-link cart-link" aria-label={`Cart, ${count} items`}>
            <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
              <path d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM5.2 4l.4 2H21l-2 8H7.4l-.3-1.2L4.3 2H1v2h3.2Z" />
            </svg>
            <span className="header-link-text">Cart</span>
            <span className="cart-count" data-testid="cart-count">
              {count}
            </span>
          </Link>
        </nav>
      </div>
      <nav className="category-nav" aria-label="Categories">
        <ul className="container">
          <li>
            <NavLink to="/" end className={() => (activeCategory === null ? 'active' : '')}>
              All
            </NavLink>
          </li>
          {categories.map((category) => (
            <li key={category.id}>
              <Link
                to={`/?${new URLSearchParams({ category: category.id })}`}
                className={activeCategory === category.id ? 'active' : ''}
                aria-current={activeCategory === category.id ? 'page' : undefined}
              >
                {category.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
