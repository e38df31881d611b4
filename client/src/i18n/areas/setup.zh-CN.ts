/** 简体中文 texts of the setup screens (spread into ../zh-CN.ts). Error codes stay in ../zh-CN.ts. */
export const setupZhCN = {
} as const;
