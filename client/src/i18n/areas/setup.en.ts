import type { setupZhCN } from './setup.zh-CN';

/** English texts of the setup screens (spread into ../en.ts); typed against the Chinese ones. */
export const setupEn: Record<keyof typeof setupZhCN, string> = {
};
