/** The lists shown together under one sidebar section, as tabs (components/section-tabs). */
export const GATEWAY_TABS = [{ href: '/gateways', label: 'Gateways' }, { href: '/gateways/listener-sets', label: 'Listener sets' }, { href: '/gateways/classes', label: 'Gateway classes' }] as const;
export const ROUTE_TABS = [{ href: '/routes', label: 'HTTP routes' }, { href: '/routes/tls-routes', label: 'TLS routes' }, { href: '/routes/reference-grants', label: 'Reference grants' }] as const;
export const SECRET_TABS = [{ href: '/secrets', label: 'Secrets' }, { href: '/secrets/config-maps', label: 'Config maps' }] as const;
