import { getRuntime } from '../server/runtime';
import { readRevision } from '../server/store/revision';

export const dynamic = 'force-dynamic';

/** Until the console UI lands (sign-in, forms, wizard), the home page says what runs and where the API is. */
export default async function Home() {
  const rt = await getRuntime();
  const [revision, workers] = await Promise.all([readRevision(rt.db), rt.db.prisma.workerStatus.findMany({ orderBy: { lastSeenAt: 'desc' } })]);
  return (
    <main style={{ maxWidth: 760, margin: '48px auto', padding: '0 24px' }}>
      <h1>Gatehouse</h1>
      <p>Console for Kubernetes Gateway API gateways, upstream TLS policies and their certificates.</p>
      <h2>Status</h2>
      <ul>
        <li>Database: {rt.db.provider}</li>
        <li>Configuration revision: {revision}</li>
        <li>
          Workers: {workers.length === 0 ? 'none connected yet' : workers.map((w) => `${w.name || w.id} enforces revision ${w.revision}`).join('; ')}
        </li>
      </ul>
      <h2>API</h2>
      <p>
        REST API under <code>/api/v1</code> (bearer token), described by <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Apply
        manifests with <code>curl -H &quot;Authorization: Bearer $TOKEN&quot; -H &quot;Content-Type: application/yaml&quot; --data-binary @file.yaml http://localhost:3000/api/v1/apply</code>.
      </p>
    </main>
  );
}
