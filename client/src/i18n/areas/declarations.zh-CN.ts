/** 简体中文 texts of the declarations screens (spread into ../zh-CN.ts). Error codes stay in ../zh-CN.ts. */
export const declarationsZhCN = {
} as const;
