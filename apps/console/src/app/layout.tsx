import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { THEME_SCRIPT } from '../components/theme-script';
import './styles.css';

export const metadata = { title: { default: 'Gatehouse', template: '%s · Gatehouse' }, description: 'Gateway API gateways and their certificates' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's CSP allows only scripts with this response's nonce (src/proxy.ts makes it).
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // suppressHydrationWarning: the theme script sets data-theme on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
