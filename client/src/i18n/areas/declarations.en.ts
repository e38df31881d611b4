import type { declarationsZhCN } from './declarations.zh-CN';

/** English texts of the declarations screens (spread into ../en.ts); typed against the Chinese ones. */
export const declarationsEn: Record<keyof typeof declarationsZhCN, string> = {
};
