/**
 * The data-plane engines a worker can run behind the one compiled routing table (ARCHITECTURE.md, "Engines"):
 * `node`, the built-in proxy (npm start, tests, simulator), and `haproxy`, a supervised HAProxy rendered from the
 * table for production throughput. The compiler takes the engine as an option so that an object using a feature
 * the engine cannot do gets a condition saying so, and GatewayClass `supportedFeatures` names what that engine does.
 */
export const ENGINE_NAMES = ['node', 'haproxy'] as const;

export type EngineName = (typeof ENGINE_NAMES)[number];

export const DEFAULT_ENGINE: EngineName = 'node';
