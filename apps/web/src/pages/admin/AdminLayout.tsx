import { NavLink, Outlet } from 'react-router';
import { useShop } from '../../shop.js';
import { NotFoundPage } from '../NotFoundPage.js';

const SECTIONS = [
  { to: '/admin/products', label: 'Products' },
  { to: '/admin/orders', label: 'Orders' },
  { to: '/admin/sales', label: 'Sales' },
  { to: '/admin/activity', label: 'Activity' },
] as const;

/**
 * The admin area's frame: its sub-navigation around the current admin page. To anyone who is
 * not an admin (a guest, a customer) every /admin address is the ordinary 404 page, like an
 * unknown address: the area does not reveal that it exists. While the session is not yet known,
 * a neutral placeholder, so no admin interface ever flashes by.
 */
export function AdminLayout() {
  const { user } = useShop();
  if (user === undefined) {
    return (
      <div className="container page" aria-busy="true">
        <p className="visually-hidden">Loading…</p>
        <div className="skeleton skeleton-title" />
        <div className="skeleton skeleton-block" />
      </div>
    );
  }
  if (user?.role !== 'admin') return <NotFoundPage />;
  return (
    <div className="admin">
      <div className="admin-bar">
        <div className="container admin-bar-inner">
          <p className="admin-badge">Shop admin</p>
          <nav aria-label="Admin">
            <ul className="admin-nav">
              {SECTIONS.map((section) => (
                <li key={section.to}>
                  <NavLink to={section.to}>{section.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </div>
      <div className="container page admin-page">
        <Outlet />
      </div>
    </div>
  );
}
