/** Next.js start-up hook: open, migrate and bootstrap before the first request instead of during it. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getRuntime } = await import('./server/runtime');
    await getRuntime();
  }
}
