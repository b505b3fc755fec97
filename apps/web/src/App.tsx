import { Navigate, Route, Routes } from 'react-router';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { LoginPage, SignUpPage } from './pages/AuthPages.js';
import { AdminActivityPage } from './pages/admin/ActivityPage.js';
import { AdminLayout } from './pages/admin/AdminLayout.js';
import { AdminOrderPage } from './pages/admin/OrderPage.js';
import { AdminOrdersPage } from './pages/admin/OrdersPage.js';
import { AdminProductEditPage, AdminProductNewPage } from './pages/admin/ProductFormPage.js';
import { AdminProductsPage } from './pages/admin/ProductsPage.js';
import { AdminSalesPage } from './pages/admin/SalesPage.js';
import { CartPage } from './pages/CartPage.js';
import { CatalogPage } from './pages/CatalogPage.js';
import { CheckoutPage } from './pages/CheckoutPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { OrderPage } from './pages/OrderPage.js';
import { OrdersPage } from './pages/OrdersPage.js';
import { ProductPage } from './pages/ProductPage.js';

export function App() {
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<CatalogPage />} />
          <Route path="/product/:id" element={<ProductPage />} />
          <Route path="/cart" element={<CartPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/signup" element={<SignUpPage />} />
          <Route path="/checkout" element={<CheckoutPage />} />
          <Route path="/orders" element={<OrdersPage />} />
          <Route path="/account" element={<OrdersPage />} />
          <Route path="/orders/:id" element={<OrderPage />} />
          {/* The admin area: to anyone but an admin, every address in it is the 404 page. */}
          <Route path="/admin" element={<AdminLayout />}>
            <Route index element={<Navigate to="/admin/products" replace />} />
            <Route path="products" element={<AdminProductsPage />} />
            <Route path="products/new" element={<AdminProductNewPage />} />
            <Route path="products/:id" element={<AdminProductEditPage />} />
            <Route path="orders" element={<AdminOrdersPage />} />
            <Route path="orders/:id" element={<AdminOrderPage />} />
            <Route path="sales" element={<AdminSalesPage />} />
            <Route path="activity" element={<AdminActivityPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
      <Footer />
    </>
  );
}
