import { lazy, Suspense } from 'react';
import { useShop } from '../../shop.js';
import { NotFoundPage } from '../NotFoundPage.js';

// The admin area is its own chunk: shoppers never download it, and customers never learn of it.
const AdminRoutes = lazy(() => import('./AdminRoutes.js'));

function Placeholder() {
  return (
    <div className="container page" aria-busy="true">
      <p className="visually-hidden">Loading…</p>
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-block" />
    </div>
  );
}

/**
 * Every /admin address. To anyone who is not an admin (a guest, a customer) it is the ordinary
 * 404 page, like an unknown address: the area does not reveal that it exists. While the session
 * is not yet known, and while the admin chunk loads, a neutral placeholder, so no admin interface
 * ever flashes by.
 */
export function AdminGate() {
  const { user } = useShop();
  if (user === undefined) return <Placeholder />;
  if (user?.role !== 'admin') return <NotFoundPage />;
  return (
    <Suspense fallback={<Placeholder />}>
      <AdminRoutes />
    </Suspense>
  );
}
