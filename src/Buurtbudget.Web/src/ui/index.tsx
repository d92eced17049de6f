// Thin React components over the NL Design System's component CSS (@utrecht/component-library-css), themed by the
// NL Design System example theme (class "voorbeeld-theme" on the root). A municipality replaces the theme with its
// own NL Design System tokens; the components stay. Each component renders the plain HTML element with its classes,
// so semantics, focus and keyboard behaviour are the browser's own.
import { forwardRef, useEffect, useId, useLayoutEffect, useRef, type ButtonHTMLAttributes, type HTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { Link as RouterLink, type LinkProps } from 'react-router';

const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

export function Heading({ level, children, className, ...rest }: { level: 1 | 2 | 3 | 4; children: ReactNode } & HTMLAttributes<HTMLHeadingElement>) {
  const Tag = `h${level}` as const;
  return <Tag className={cx(`utrecht-heading-${level}`, className)} {...rest}>{children}</Tag>;
}

export function Paragraph({ lead, className, ...rest }: { lead?: boolean } & HTMLAttributes<HTMLParagraphElement>) {
  return <p className={cx('utrecht-paragraph', lead && 'utrecht-paragraph--lead', className)} {...rest} />;
}

export function Link({ className, ...rest }: LinkProps) {
  return <RouterLink className={cx('utrecht-link', className)} {...rest} />;
}

type ButtonKind = 'primary' | 'secondary' | 'subtle';
export const Button = forwardRef<HTMLButtonElement, { kind?: ButtonKind; busy?: boolean } & ButtonHTMLAttributes<HTMLButtonElement>>(
  function Button({ kind = 'primary', busy, className, type = 'button', disabled, ...rest }, ref) {
    return (
      <button
        ref={ref}
        type={type}
        className={cx('utrecht-button', `utrecht-button--${kind}-action`, busy && 'utrecht-button--busy', className)}
        aria-busy={busy || undefined}
        disabled={disabled}
        {...rest}
      />
    );
  },
);

export function ButtonGroup({ children }: { children: ReactNode }) {
  return <div className="utrecht-button-group">{children}</div>;
}

/** A message that stays until the situation changes: status for information, alert for errors. */
export function Alert({ type = 'info', title, children }: { type?: 'info' | 'ok' | 'warning' | 'error'; title?: ReactNode; children?: ReactNode }) {
  return (
    <div className={cx('utrecht-alert', `utrecht-alert--${type}`)} role={type === 'error' ? 'alert' : 'status'}>
      <div className="utrecht-alert__content">
        {title && <p className="utrecht-paragraph"><strong>{title}</strong></p>}
        {typeof children === 'string' ? <p className="utrecht-paragraph">{children}</p> : children}
      </div>
    </div>
  );
}

interface FieldProps {
  /** The control's id, for links to it (an error summary); generated when left out. */
  id?: string;
  label: ReactNode;
  description?: ReactNode;
  error?: string | null;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** A labelled form field with its description and error, wired with aria-describedby and aria-invalid. */
export function FormField({ id: fixedId, label, description, error, children }: FieldProps) {
  const generatedId = useId();
  const id = fixedId ?? generatedId;
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cx('utrecht-form-field', error && 'utrecht-form-field--invalid')}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>{label}</label>
      </div>
      {description && <div className="utrecht-form-field-description" id={descriptionId}>{description}</div>}
      {error && <div className="utrecht-form-field-error-message" id={errorId}>{error}</div>}
      <div className="utrecht-form-field__input">{children({ id, describedBy, invalid: Boolean(error) })}</div>
    </div>
  );
}

export function TextInput({ invalid, className, ...rest }: { invalid?: boolean } & InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cx('utrecht-textbox', 'utrecht-textbox--html-input', invalid && 'utrecht-textbox--invalid', className)} aria-invalid={invalid || undefined} {...rest} />;
}

export function TextArea({ invalid, className, ...rest }: { invalid?: boolean } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cx('utrecht-textarea', 'utrecht-textarea--html-textarea', invalid && 'utrecht-textarea--invalid', className)} aria-invalid={invalid || undefined} {...rest} />;
}

export function Select({ invalid, className, ...rest }: { invalid?: boolean } & SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cx('utrecht-select', 'utrecht-select--html-select', invalid && 'utrecht-select--invalid', className)} aria-invalid={invalid || undefined} {...rest} />;
}

/** Names each body cell after its column (data-label), so that on a narrow screen every row reads as a small card of
 * "column: value" lines (app.css) instead of a table wider than the phone; and states the table roles explicitly,
 * because some browsers drop a table's semantics once its cells are laid out as blocks. */
export function labelCells(table: HTMLTableElement) {
  table.setAttribute('role', 'table');
  const headers = Array.from(table.tHead?.rows[0]?.cells ?? []).map((cell) => cell.textContent?.trim() ?? '');
  for (const group of [table.tHead, ...Array.from(table.tBodies)]) group?.setAttribute('role', 'rowgroup');
  for (const row of Array.from(table.rows)) {
    row.setAttribute('role', 'row');
    let column = 0;
    for (const cell of Array.from(row.cells)) {
      const inHead = row.parentElement === table.tHead;
      const role = inHead ? 'columnheader' : cell.tagName === 'TH' ? 'rowheader' : 'cell';
      cell.setAttribute('role', role);
      const label = headers[column];
      if (!inHead && cell.colSpan === 1 && label) cell.setAttribute('data-label', label);
      else cell.removeAttribute('data-label');
      column += cell.colSpan;
    }
  }
}

export function Table({ caption, children }: { caption: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLTableElement>(null);
  // After every render: rows come and go with the data.
  useLayoutEffect(() => {
    if (ref.current) labelCells(ref.current);
  });
  return (
    <div className="table-scroll" role="region" aria-label={typeof caption === 'string' ? caption : undefined} tabIndex={0}>
      <table ref={ref} className="utrecht-table utrecht-table--html-table table--stacks">
        <caption className="utrecht-table__caption">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function StatusBadge({ children }: { children: ReactNode }) {
  return <span className="utrecht-status-badge">{children}</span>;
}

interface ConfirmDialogProps {
  open: boolean;
  title: ReactNode;
  /** What the action means; read out with the title when the dialog opens. */
  children: ReactNode;
  confirmLabel: ReactNode;
  cancelLabel: ReactNode;
  busy?: boolean;
  /** Shown inside the dialog, e.g. the API's refusal as an <Alert type="error"> (which announces itself). */
  error?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  /** Where focus goes when the element that opened the dialog is gone once it closes (e.g. a heading's id). */
  fallbackFocusId?: string;
}

/** A modal confirmation on the native <dialog> (showModal): the page behind is inert, Escape cancels, focus starts on
 * the cancel button (the safe choice) and returns to the element that opened the dialog when it closes. */
export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel, busy, error, onConfirm, onCancel, fallbackFocusId }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const shown = useRef(false);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !shown.current) {
      shown.current = true;
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      if (!dialog.open) {
        if (typeof dialog.showModal === 'function') dialog.showModal();
        else dialog.setAttribute('open', '');
      }
      cancelRef.current?.focus();
    } else if (!open && shown.current) {
      shown.current = false;
      if (dialog.open) {
        if (typeof dialog.close === 'function') dialog.close();
        else dialog.removeAttribute('open');
      }
      const target = returnTo.current;
      returnTo.current = null;
      if (target?.isConnected) target.focus();
      else if (fallbackFocusId) document.getElementById(fallbackFocusId)?.focus();
    }
  }, [open, fallbackFocusId]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      style={{ maxInlineSize: 'min(36rem, calc(100vw - 2rem))', padding: '1.5rem', border: '2px solid currentColor', borderRadius: '0.25rem' }}
      onCancel={(event) => {
        // Escape: the parent decides (it keeps the dialog open while the request runs).
        event.preventDefault();
        if (!busy) onCancel();
      }}
      onClose={() => {
        // The browser may close it anyway (a repeated Escape cannot be refused): the parent must know it is shut.
        if (shown.current) onCancel();
      }}
    >
      <Heading level={2} id={titleId}>{title}</Heading>
      <div id={bodyId}>{children}</div>
      {error}
      <ButtonGroup>
        <Button kind="primary" busy={busy} disabled={busy} onClick={onConfirm}>{confirmLabel}</Button>
        <Button kind="secondary" ref={cancelRef} disabled={busy} onClick={onCancel}>{cancelLabel}</Button>
      </ButtonGroup>
    </dialog>
  );
}

/** A list of terms and values (the NL Design System data list). */
export function DataList({ items, className }: { items: { key: string; term: ReactNode; value: ReactNode }[]; className?: string }) {
  return (
    <dl className={cx('utrecht-data-list', 'utrecht-data-list--rows', className)}>
      {items.map((item) => (
        <div key={item.key} className="utrecht-data-list__item">
          <dt className="utrecht-data-list__item-key">{item.term}</dt>
          <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A polite live region that is always in the page, so that a message put into it later is announced (a region
 * that appears together with its text often is not). Shows the message as an alert box when there is one. */
export function StatusMessage({ type = 'ok', children }: { type?: 'info' | 'ok' | 'warning'; children?: ReactNode }) {
  return (
    <div role="status" aria-live="polite">
      {children ? (
        <div className={cx('utrecht-alert', `utrecht-alert--${type}`)}>
          <div className="utrecht-alert__content">
            {typeof children === 'string' ? <p className="utrecht-paragraph">{children}</p> : children}
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** The problems of a form at its top, each linking to its field (GOV.UK and NL Design System pattern). Give it a ref
 * and focus it after a failed submit, so that keyboard and screen-reader users start at the list of what to fix. */
export const ErrorSummary = forwardRef<HTMLDivElement, { title: ReactNode; items: { key: string; fieldId?: string; message: ReactNode }[] }>(
  function ErrorSummary({ title, items }, ref) {
    const titleId = useId();
    return (
      <div ref={ref} className="utrecht-alert utrecht-alert--error error-summary" role="alert" aria-labelledby={titleId} tabIndex={-1}>
        <div className="utrecht-alert__content">
          <Heading level={2} id={titleId} className="error-summary__title">{title}</Heading>
          <ul className="utrecht-unordered-list">
            {items.map((item) => (
              <li key={item.key} className="utrecht-unordered-list__item">
                {item.fieldId ? (
                  <a
                    className="utrecht-link"
                    href={`#${item.fieldId}`}
                    onClick={(event) => {
                      const field = document.getElementById(item.fieldId!);
                      if (field) {
                        event.preventDefault();
                        field.focus();
                      }
                    }}
                  >
                    {item.message}
                  </a>
                ) : (
                  item.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    );
  },
);

/** A bar with its value in words beside it: how much of a budget (or of the points, or choices) is used. The words
 * are a polite live region, so a change is announced without interrupting; the bar itself is labelled by them. */
export function Meter({ label, value, max, valueText, over }: { label: ReactNode; value: number; max: number; valueText: ReactNode; over?: boolean }) {
  const labelId = useId();
  const textId = useId();
  return (
    <div className={cx('meter', over && 'meter--over')}>
      <p className="utrecht-paragraph meter__label" id={labelId}>{label}</p>
      <progress className="meter__bar" max={Math.max(max, 1)} value={Math.min(Math.max(value, 0), Math.max(max, 1))} aria-labelledby={labelId} aria-describedby={textId} />
      <p className="utrecht-paragraph meter__text" id={textId} aria-live="polite" aria-atomic="true">{valueText}</p>
    </div>
  );
}
