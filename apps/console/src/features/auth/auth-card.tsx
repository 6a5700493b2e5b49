import type { ReactNode } from 'react';
import { Icon } from '../../components/icons';
import { ThemeToggle } from '../../components/theme-toggle';

/** The frame of the sign-in and setup pages. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="theme-corner"><ThemeToggle /></div>
      <div className="card auth-card">
        <div className="brand"><Icon name="logo" size={28} /><span>Gatehouse</span></div>
        <h1>{title}</h1>
        {intro ? <p className="muted">{intro}</p> : null}
        {children}
      </div>
    </main>
  );
}
