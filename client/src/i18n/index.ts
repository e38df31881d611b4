import { createSignal } from 'solid-js';
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';
import { isApiError, type ErrorDetail } from '../api/error';

export type Lang = 'zh-CN' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'zc.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage may be blocked; Chinese is the default anyway */
  }
  return 'zh-CN';
}

const [lang, setLangSignal] = createSignal<Lang>(initialLang());
document.documentElement.lang = lang();

export { lang };

export function setLang(next: Lang) {
  setLangSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* ignore */
  }
}

export const toggleLang = () => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN');

export const hasKey = (key: string): key is MessageKey => key in zhCN;

/** Translates a key (reactive: re-runs when the language changes); `{name}` takes params.name. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[lang()][key] ?? zhCN[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

/** Translates a dynamic key such as `role.${role}`, falling back to the raw value. */
export function tx(key: string, fallback?: string): string {
  return hasKey(key) ? t(key) : (fallback ?? key.slice(key.indexOf('.') + 1));
}

/** The human message for a server error code. */
export function errorText(code: string): string {
  const key = `error.${code}`;
  return hasKey(key) ? t(key) : t('error.unknown', { code });
}

/** The human message for anything thrown: an ApiError by its code, anything else as a generic failure. */
export function messageOf(e: unknown): string {
  if (isApiError(e)) return errorText(e.code);
  return t('error.internal_error');
}

/**
 * One field's message: its own code when we know it; else the error's code when that says more
 * than "invalid" (duplicate_username on body.username); else the zod issue kind.
 */
export function fieldText(detail: ErrorDetail, errorCode: string): string {
  if (detail.code && hasKey(`error.${detail.code}`)) return t(`error.${detail.code}` as MessageKey);
  if (errorCode !== 'validation_failed' && hasKey(`error.${errorCode}`)) return errorText(errorCode);
  if (detail.code && hasKey(`field.${detail.code}`)) return t(`field.${detail.code}` as MessageKey);
  if (detail.message === 'taken') return t('field.taken');
  return t('field.invalid_format');
}

/** Field name → translated message, for showing next to each input. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!isApiError(e)) return {};
  const out: Record<string, string> = {};
  for (const [field, d] of Object.entries(e.fields())) out[field] = fieldText(d, e.code);
  return out;
}

/** A date and time in the current language's convention (reactive). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
