import { Link, useLocation } from 'react-router';

/** The account's pages (/account shows the orders). */
const PAGES = [
  { to: '/orders', label: 'My orders', also: '/account' },
  { to: '/account/addresses', label: 'Address book' },
];

/** The links between the account's pages, the current one marked. */
export function AccountNav() {
  const { pathname } = useLocation();
  return (
    <nav className="account-nav" aria-label="Your account">
      <ul>
        {PAGES.map((page) => (
          <li key={page.to}>
            <Link
              to={page.to}
              aria-current={pathname === page.to || pathname === page.also ? 'page' : undefined}
            >
              {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
