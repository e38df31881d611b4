import type { JSX } from 'solid-js';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

export function Badge(props: { tone: Tone; children: JSX.Element; title?: string }) {
  return (
    <span class={`badge ${props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}

export const orgStatusTone = (s: string): Tone =>
  s === 'active' ? 'ok' : s === 'disabled' ? 'muted' : s === 'pending_approval' ? 'warn' : 'info';
