import { Route, Routes } from 'react-router';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { AddressBookPage } from './pages/AddressBookPage.js';
import { LoginPage, SignUpPage } from './pages/AuthPages.js';
import { AdminGate } from './pages/admin/AdminGate.js';
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
          <Route path="/account/addresses" element={<AddressBookPage />} />
          <Route path="/orders/:id" element={<OrderPage />} />
          {/* The admin area: to anyone but an admin, every address in it is the 404 page. */}
          <Route path="/admin/*" element={<AdminGate />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
      <Footer />
    </>
  );
}
