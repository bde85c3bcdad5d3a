import type { HuaweiCredential } from './verifyHuaweiSignature';

/**
 * The simulator's Huawei AK/SK by default (dev only: a local simulator's key, never a real account's). Shaped like
 * Huawei's (a 20-character AK, a 40-character SK); the SK is recognisable so leak searches find it.
 */
export const SIM_HUAWEI_ACCESS_KEY = 'TWSIMHUAWEIAK0000001';
export const SIM_HUAWEI_SECRET_KEY = 'twsim-huawei-sk-000000000000000000000001';

export const SIM_HUAWEI_CREDENTIAL: HuaweiCredential = { accessKey: SIM_HUAWEI_ACCESS_KEY, secretKey: SIM_HUAWEI_SECRET_KEY };

/**
 * Huawei's per-project throttle by default: Huawei publishes no default rate for the VPN API, so the simulator
 * picks a conservative one (10 requests at once, 5 per second after that) to be at least as hard as Huawei.
 */
export const SIM_HUAWEI_BUCKET = { burst: 10, refillPerSecond: 5 } as const;
