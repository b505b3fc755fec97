import { Link } from 'react-router';

export function Footer() {
  return (
    <footer className="site-footer">
      <div className="container footer-grid">
        <div>
          <p className="wordmark wordmark-small">
            IRON<span>CART</span>
          </p>
          <p className="footer-note">
            Gear for every sport. Every request between your browser and our store travels through
            an end-to-end encrypted channel, on top of HTTPS.
          </p>
        </div>
        <nav aria-label="Shop">
          <h2>Shop</h2>
          <ul>
            <li>
              <Link to="/">All products</Link>
            </li>
            <li>
              <Link to="/?inStock=true">In stock now</Link>
            </li>
            <li>
              <Link to="/?sort=newest">New arrivals</Link>
            </li>
            <li>
              <Link to="/cart">Your cart</Link>
            </li>
          </ul>
        </nav>
        <div>
          <h2>Service</h2>
          <ul>
            <li>Encrypted from browser to store</li>
            <li>Prices and stock straight from our warehouse</li>
            <li>No account needed to fill your cart</li>
          </ul>
        </div>
      </div>
      <p className="container footer-legal">© {new Date().getFullYear()} Ironcart</p>
    </footer>
  );
}
