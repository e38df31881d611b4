import { For, Show, splitProps, type JSX } from 'solid-js';

let uid = 0;
const nextId = (prefix: string) => `${prefix}-${++uid}`;

interface FieldFrameProps {
  id: string;
  label: string;
  error?: string;
  hint?: JSX.Element;
  required?: boolean;
  children: JSX.Element;
  class?: string;
}

/** Label, control, hint and the field's own error right under it. */
export function FieldFrame(props: FieldFrameProps) {
  return (
    <div class={`field ${props.class ?? ''}`} classList={{ 'has-error': !!props.error }}>
      <label for={props.id}>
        {props.label}
        <Show when={props.required}>
          <span class="req" aria-hidden="true">
            *
          </span>
        </Show>
      </label>
      {props.children}
      <Show when={props.hint && !props.error}>
        <div class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      </Show>
      <Show when={props.error}>
        <div class="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </div>
      </Show>
    </div>
  );
}

type InputAttrs = JSX.InputHTMLAttributes<HTMLInputElement>;
export interface TextFieldProps extends Omit<InputAttrs, 'onInput' | 'value'> {
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: JSX.Element;
}

export function TextField(props: TextFieldProps) {
  const [own, rest] = splitProps(props, ['label', 'value', 'onValue', 'error', 'hint', 'id', 'class']);
  const id = own.id ?? nextId('f');
  return (
    <FieldFrame id={id} label={own.label} error={own.error} hint={own.hint} required={rest.required} class={own.class}>
      <input
        {...rest}
        id={id}
        value={own.value}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={own.error ? `${id}-error` : own.hint ? `${id}-hint` : undefined}
        onInput={(e) => own.onValue(e.currentTarget.value)}
      />
    </FieldFrame>
  );
}

export interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onValue: (v: T) => void;
  error?: string;
  hint?: JSX.Element;
  required?: boolean;
  name?: string;
  id?: string;
  class?: string;
}

export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const id = props.id ?? nextId('s');
  return (
    <FieldFrame id={id} label={props.label} error={props.error} hint={props.hint} required={props.required} class={props.class}>
      <select id={id} name={props.name} value={props.value} aria-invalid={props.error ? 'true' : undefined} onChange={(e) => props.onValue(e.currentTarget.value as T)}>
        <For each={props.options}>{(o) => <option value={o.value}>{o.label}</option>}</For>
      </select>
    </FieldFrame>
  );
}

export interface TextAreaFieldProps {
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: JSX.Element;
  name?: string;
  rows?: number;
  maxLength?: number;
  required?: boolean;
}

export function TextAreaField(props: TextAreaFieldProps) {
  const id = nextId('t');
  return (
    <FieldFrame id={id} label={props.label} error={props.error} hint={props.hint} required={props.required}>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} maxLength={props.maxLength} value={props.value} onInput={(e) => props.onValue(e.currentTarget.value)} />
    </FieldFrame>
  );
}

/** A form-level error (the code's message) above the buttons. */
export function FormError(props: { message?: string | null }) {
  return (
    <Show when={props.message}>
      <div class="form-error" role="alert">
        {props.message}
      </div>
    </Show>
  );
}
