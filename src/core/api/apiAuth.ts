/**
 * Which token a Makini API path takes: none for `/link/token` (it issues them), the admin token
 * for the system API, a connection's token for the rest (`/api/eam`, `/api/raw`,
 * `/api/passthrough`, `/api/integrations`), as oas3_system.json and oas3_eam.json secure them.
 */
export type ApiAuth = 'none' | 'admin' | 'connection';

export function authForPath(path: string): ApiAuth {
  const pathname = path.split('?')[0] ?? path;
  if (pathname.startsWith('/link/') || pathname.startsWith('/oauth/')) return 'none';
  if (pathname.startsWith('/api/system/') || pathname === '/api/system') return 'admin';
  return 'connection';
}
