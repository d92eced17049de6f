import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { toApiError, type ApiError } from '../api/client';
import { Alert } from '../ui';

export type FieldErrors<F extends string = string> = Partial<Record<F, string>>;

export type FormState<F extends string = string> = {
  /** The form element: fields are found in it by their data-field attribute. */
  ref: RefObject<HTMLFormElement | null>;
  errors: FieldErrors<F>;
  /** True while the API decides. */
  busy: boolean;
  /** The API's refusal of the last call, for the form to show with {@link Refusal}. */
  refusal: ApiError | null;
  /** What the last successful call said, for a StatusMessage. */
  saved: string | null;
  /** Moves focus to the element with data-field="<field>" (after the render that shows it). */
  focus: (field: string) => void;
  /** Shows the form's own findings; when there are any, focuses the first invalid field in the form's order and
   * answers false, so that the caller sends nothing. */
  check: (found: FieldErrors<F>) => boolean;
  /** Sends the call: busy meanwhile; on success the text that `success` makes from the answer becomes `saved` (none
   * when it answers nothing); on failure the refusal is kept and focused, or, when `fieldOf` names the field the
   * refusal is about, shown in its words at that field, which gets focus. */
  run: <T>(call: () => Promise<T>, success: (answer: T) => string | null | void, fieldOf?: (refusal: ApiError) => F | null) => Promise<void>;
  /** Forgets the refusal and the saved text (a new attempt begins). */
  reset: () => void;
  /** Forgets the field errors (the fields they were about changed). */
  clearErrors: () => void;
};

/** The state every form that sends to the API shares: its field errors, busy, the API's refusal and the saved
 * message, and focus on the first invalid field or on the refusal, so that keyboard and screen-reader users land where
 * the form needs them. */
export function useFormState<F extends string = string>(): FormState<F> {
  const ref = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  // Focus waits for the render that shows the field or the refusal: an effect runs after that commit, where a timer
  // could run before it.
  const focusTo = useRef<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    const field = focusTo.current;
    if (field === null) return;
    focusTo.current = null;
    ref.current?.querySelector<HTMLElement>(`[data-field="${field}"]`)?.focus();
  }, [focusRequest]);
  const focus = useCallback((field: string) => {
    focusTo.current = field;
    setFocusRequest((request) => request + 1);
  }, []);

  const check = useCallback((found: FieldErrors<F>) => {
    setErrors(found);
    const invalid = Object.keys(found).filter((field) => found[field as F]);
    const [first] = invalid;
    if (first === undefined) return true;
    // The first in the form's own order, whatever order the checks ran in.
    const inForm = Array.from(ref.current?.querySelectorAll<HTMLElement>('[data-field]') ?? [])
      .map((element) => element.dataset.field ?? '')
      .find((field) => invalid.includes(field));
    focus(inForm ?? first);
    return false;
  }, [focus]);

  const reset = useCallback(() => {
    setRefusal(null);
    setSaved(null);
  }, []);

  const run = useCallback(async <T,>(call: () => Promise<T>, success: (answer: T) => string | null | void, fieldOf?: (refusal: ApiError) => F | null) => {
    setBusy(true);
    setRefusal(null);
    setSaved(null);
    let answer: T;
    try {
      answer = await call();
    } catch (failure) {
      setBusy(false);
      const refused = toApiError(failure);
      const field = fieldOf?.(refused) ?? null;
      if (field !== null) {
        setErrors({ [field]: refused.detail || refused.title } as FieldErrors<F>);
        focus(field);
        return;
      }
      setRefusal(refused);
      focus('refusal');
      return;
    }
    setBusy(false);
    setSaved(success(answer) ?? null);
  }, [focus]);

  const clearErrors = useCallback(() => setErrors({}), []);

  return { ref, errors, busy, refusal, saved, focus, check, run, reset, clearErrors };
}

/** The API's refusal of a form, in its words, focusable so that {@link useFormState} can move focus to it. */
export function Refusal({ refusal, title }: { refusal: ApiError | null; title: string }) {
  if (!refusal) return null;
  return (
    <div tabIndex={-1} data-field="refusal">
      <Alert type="error" title={title}>{refusal.detail || refusal.title}</Alert>
    </div>
  );
}
