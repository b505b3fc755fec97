import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useShop } from '../shop.js';

const PERSON_ICON =
  'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9Zm0 2c-4.4 0-8 2.5-8 5.5V21h16v-1.5c0-3-3.6-5.5-8-5.5Z';

/** "Log in" for a guest; for a shopper, a disclosure menu with their account pages and "Log out". */
export function AccountMenu() {
  const { user, logout } = useShop();
  const location = useLocation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // Close on navigation, on a click elsewhere and on Escape.
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes when the page changes
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('click', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (user === undefined) {
    return <span className="header-link header-link-muted" aria-hidden="true" />;
  }
  if (user === null) {
    const here = location.pathname + location.search;
    const next =
      here === '/' || here.startsWith('/login') || here.startsWith('/signup') ? '' : here;
    return (
      <Link
        to={next ? `/login?${new URLSearchParams({ next })}` : '/login'}
        className="header-link"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
          <path d={PERSON_ICON} />
        </svg>
        <span className="header-link-text">Log in</span>
      </Link>
    );
  }

  async function logOut() {
    setBusy(true);
    try {
      await logout();
    } finally {
      setBusy(false);
      setOpen(false);
      navigate('/');
    }
  }

  const firstName = user.name.split(/\s+/)[0] || user.name;
  return (
    <div className="account-menu" ref={root}>
      <button
        type="button"
        ref={button}
        className="header-link account-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((now) => !now)}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
          <path d={PERSON_ICON} />
        </svg>
        <span className="header-link-text">{firstName}</span>
        <span className="visually-hidden">: account menu</span>
      </button>
      <div className="account-popup" id={menuId} hidden={!open}>
        <p className="account-who">
          <strong>{user.name}</strong>
          <span>{user.email}</span>
        </p>
        <ul>
          {user.role === 'admin' && (
            <li>
              <Link to="/admin/products" className="account-item">
                Shop admin
              </Link>
            </li>
          )}
          <li>
            <Link to="/orders" className="account-item">
              My orders
            </Link>
          </li>
          <li>
            <Link to="/account/addresses" className="account-item">
              Address book
            </Link>
          </li>
          <li>
            <button type="button" className="account-item" onClick={logOut} disabled={busy}>
              {busy ? 'Logging out…' : 'Log out'}
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
