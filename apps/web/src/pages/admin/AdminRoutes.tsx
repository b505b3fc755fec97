import { Navigate, NavLink, Outlet, Route, Routes } from 'react-router';
import { NotFoundPage } from '../NotFoundPage.js';
import { AdminActivityPage } from './ActivityPage.js';
import { AdminApiClientsPage } from './ApiClientsPage.js';
import { AdminOrderPage } from './OrderPage.js';
import { AdminOrdersPage } from './OrdersPage.js';
import { AdminProductEditPage, AdminProductNewPage } from './ProductFormPage.js';
import { AdminProductsPage } from './ProductsPage.js';
import { AdminSalesPage } from './SalesPage.js';
import { AdminShippingPage } from './ShippingPage.js';
import { AdminShippingNewZonePage, AdminShippingZonePage } from './ShippingZonePage.js';
import { AdminTaxPage } from './TaxPage.js';

const SECTIONS = [
  { to: '/admin/products', label: 'Products' },
  { to: '/admin/orders', label: 'Orders' },
  { to: '/admin/sales', label: 'Sales' },
  { to: '/admin/shipping', label: 'Shipping' },
  { to: '/admin/tax', label: 'Tax' },
  { to: '/admin/api-clients', label: 'API clients' },
  { to: '/admin/activity', label: 'Activity' },
] as const;

/** The admin area's frame: its sub-navigation around the current admin page. */
function AdminFrame() {
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

/** The admin pages under /admin (loaded only for admins, by AdminGate). */
export default function AdminRoutes() {
  return (
    <Routes>
      <Route element={<AdminFrame />}>
        <Route index element={<Navigate to="/admin/products" replace />} />
        <Route path="products" element={<AdminProductsPage />} />
        <Route path="products/new" element={<AdminProductNewPage />} />
        <Route path="products/:id" element={<AdminProductEditPage />} />
        <Route path="orders" element={<AdminOrdersPage />} />
        <Route path="orders/:id" element={<AdminOrderPage />} />
        <Route path="sales" element={<AdminSalesPage />} />
        <Route path="shipping" element={<AdminShippingPage />} />
        <Route path="shipping/new" element={<AdminShippingNewZonePage />} />
        <Route path="shipping/:zoneId" element={<AdminShippingZonePage />} />
        <Route path="tax" element={<AdminTaxPage />} />
        <Route path="api-clients" element={<AdminApiClientsPage />} />
        <Route path="activity" element={<AdminActivityPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
