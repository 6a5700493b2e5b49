/** The register form's fields; `form` collects what belongs to none of them. */
export type RegisterField = 'name' | 'kubeconfig' | 'context' | 'form';

/**
 * Which field a server-reported problem belongs to: `kubeconfig.users[0].user.exec`, `kubeconfig.current-context`
 * and `kubeconfig.clusters[0].cluster.server` are all about the uploaded kubeconfig; `context` about the context.
 */
export function registerFieldOf(path: string): RegisterField {
  const head = path.replace(/^input\./, '').split(/[.[]/)[0];
  if (head === 'name' || head === 'kubeconfig' || head === 'context') return head;
  return 'form';
}

/**
 * Server problems by field; several problems of one field are joined, each naming its place in the kubeconfig
 * ("users[0].user.exec: credential plugins are not accepted…") so the person knows where to look.
 */
export function registerFieldErrors(details: { path: string; message: string }[]): Partial<Record<RegisterField, string>> {
  const out: Partial<Record<RegisterField, string[]>> = {};
  for (const d of details) {
    const field = registerFieldOf(d.path);
    const where = d.path.replace(/^input\./, '').replace(/^kubeconfig\.?/, '');
    const text = field === 'kubeconfig' && where ? `${where}: ${d.message}` : d.message;
    (out[field] ??= []).push(text);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v!.join('; ')])) as Partial<Record<RegisterField, string>>;
}
