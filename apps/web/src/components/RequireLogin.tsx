import type { PublicUser } from '@ironcart/server/api';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useShop } from '../shop.js';

/** Shows its children to a logged-in shopper; sends a guest to log in and come back. */
export function RequireLogin({ children }: { children: (user: PublicUser) => ReactNode }) {
  const { user } = useShop();
  const location = useLocation();
  if (user === undefined) {
    return (
      <div className="container page" aria-busy="true">
        <div className="skeleton skeleton-title" />
        <div className="skeleton skeleton-block" />
      </div>
    );
  }
  if (user === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?${new URLSearchParams({ next })}`} replace />;
  }
  return children(user);
}
