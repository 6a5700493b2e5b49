import type { ReactNode } from 'react';
import { THEME_SCRIPT } from '../components/theme-script';
import './styles.css';

export const metadata = { title: { default: 'Gatehouse', template: '%s · Gatehouse' }, description: 'Gateway API gateways and their certificates' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // suppressHydrationWarning: the theme script sets data-theme on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
