import type { ReactNode } from 'react';

export const metadata = { title: 'Gatehouse', description: 'Gateway API gateways and their certificates' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: 0, color: '#1b1f24', background: '#f6f7f9' }}>{children}</body>
    </html>
  );
}
