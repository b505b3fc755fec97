/**
 * Who may call a route. Every /api/v1 route is 'user' unless it says otherwise, so a route a
 * later change adds is closed by default; 'admin' routes answer 404 to everyone else, so their
 * existence is not revealed.
 */
export type RouteAccess = 'public' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const DEFAULT_ACCESS: RouteAccess = 'user';
