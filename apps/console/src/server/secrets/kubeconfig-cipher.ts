import type { MasterKey } from './master-key';
import { decryptValue, encryptValue } from './secret-cipher';

/** The associated data that binds a kubeconfig ciphertext to its cluster row (a swapped ciphertext fails to decrypt). */
const kubeconfigAad = (clusterId: string) => `Cluster/${clusterId}/kubeconfig`;

export function encryptKubeconfig(key: MasterKey, clusterId: string, yaml: string): string {
  return encryptValue(key, yaml, kubeconfigAad(clusterId));
}

export function decryptKubeconfig(key: MasterKey, clusterId: string, envelope: string): string {
  return decryptValue(key, envelope, kubeconfigAad(clusterId));
}
