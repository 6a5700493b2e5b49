import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ADMIN } from '../support/accounts';
import { listenerPortFor, seedScenario } from '../support/seed';

/** Issue 12 §5: a Gateway's page says where clients send traffic — the worker's address, the port, the Host header. */
test('a Gateway page shows the URL and the curl line a client uses', async ({ page, baseURL }) => {
  const port = listenerPortFor(baseURL);
  await seedScenario(page.request, port);
  await signInViaApi(page, ADMIN);
  await page.goto('/resources/gateways/httpbin/simple-fsm-gateway');
  const panel = page.getByRole('region', { name: 'Where clients send traffic' });
  // The bundled worker binds all addresses beside the console: the host the console was reached at.
  await expect(panel).toContainText(`http://127.0.0.1:${port}`, { timeout: 20_000 });
  await expect(panel).toContainText(`curl -H 'Host: foo.example.com' http://127.0.0.1:${port}/`);
});
