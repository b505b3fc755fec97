import { Route, Routes } from 'react-router';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { CartPage } from './pages/CartPage.js';
import { CatalogPage } from './pages/CatalogPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
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
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
      <Footer />
    </>
  );
}
