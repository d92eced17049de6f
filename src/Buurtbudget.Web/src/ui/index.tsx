// Thin React components over the NL Design System's component CSS (@utrecht/component-library-css), themed by the
// NL Design System example theme (class "voorbeeld-theme" on the root). A municipality replaces the theme with its
// own NL Design System tokens; the components stay. Each component renders the plain HTML element with its classes,
// so semantics, focus and keyboard behaviour are the browser's own.
import { forwardRef, useId, type ButtonHTMLAttributes, type HTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
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
  label: ReactNode;
  description?: ReactNode;
  error?: string | null;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** A labelled form field with its description and error, wired with aria-describedby and aria-invalid. */
export function FormField({ label, description, error, children }: FieldProps) {
  const id = useId();
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

export function Table({ caption, children }: { caption: ReactNode; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={typeof caption === 'string' ? caption : undefined} tabIndex={0}>
      <table className="utrecht-table utrecht-table--html-table">
        <caption className="utrecht-table__caption">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function StatusBadge({ children }: { children: ReactNode }) {
  return <span className="utrecht-status-badge">{children}</span>;
}
