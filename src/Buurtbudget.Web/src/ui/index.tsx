// The client's UI components, over the NL Design System: the React components of @utrecht/component-library-react
// with the CSS of @utrecht/component-library-css, themed by the NL Design System example theme (class
// "voorbeeld-theme" on the root). A municipality replaces the theme with its own NL Design System tokens; the
// components stay. Pages import only from here, so this module's API is the client's, not the library's.
//
// The library's components: Heading, Paragraph, Button, ButtonGroup, Alert, FormField (with FormLabel,
// FormFieldDescription, FormFieldErrorMessage), TextInput (Textbox), TextArea (Textarea), Select, Table (Table,
// TableCaption), StatusBadge, DataList, and the box inside StatusMessage and the list and links inside ErrorSummary.
// Where the wrapper changes what the library would do, it says why beside it:
// - FormField puts the error message before the control (GOV.UK and NL Design System order; the library's version
//   renders it after the control), so it fills the library's slots itself.
// - TextInput and TextArea keep the native required attribute (the library turns `required` into aria-required alone).
// - Alert states its role itself: the library makes a warning an interrupting alert; here only errors interrupt.
// Hand-made, and why:
// - Link is react-router's Link with the library's link classes. The library's Link is a plain <a>: a click would
//   load the whole page again (losing the sign-in held in memory and skipping the router's "unsent choices"
//   blocker); wrapping it in the router's hooks would re-implement react-router's Link (state, replace,
//   reloadDocument, discovery), so the router renders the element and the library gives the look.
// - ConfirmDialog: the library's AlertDialog is an alert-coloured <dialog> without the modal behaviour (showModal,
//   focus on the safe choice, focus back to the opener) that is the point of this component, and it drops a given
//   class name; the dialog's content is made of the library's Heading, ButtonGroup and Button.
// - ErrorSummary's container: the library's Alert puts its role on an inner element, but the summary is focused
//   after a failed submit and must itself be the labelled alert that a screen reader reads out.
// - StatusMessage's live region is always in the page (the library's Alert is not an empty region); the box
//   inside is the library's Alert without a role of its own, as a live region inside a live region would be
//   announced twice.
// - Meter: the library has no meter or progress component.
import {
  Alert as UtrechtAlert,
  Button as UtrechtButton,
  ButtonGroup as UtrechtButtonGroup,
  DataList as UtrechtDataList,
  DataListItem,
  DataListKey,
  DataListValue,
  FormField as UtrechtFormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading as UtrechtHeading,
  Link as UtrechtLink,
  Paragraph as UtrechtParagraph,
  Select as UtrechtSelect,
  StatusBadge as UtrechtStatusBadge,
  Table as UtrechtTable,
  TableCaption,
  Textarea,
  Textbox,
  UnorderedList,
  UnorderedListItem,
  type ButtonProps as UtrechtButtonProps,
} from '@utrecht/component-library-react';
import { forwardRef, useEffect, useId, useLayoutEffect, useRef, type ButtonHTMLAttributes, type HTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { Link as RouterLink, type LinkProps } from 'react-router';

const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

export function Heading({ level, children, ...rest }: { level: 1 | 2 | 3 | 4; children: ReactNode } & HTMLAttributes<HTMLHeadingElement>) {
  return <UtrechtHeading level={level} {...rest}>{children}</UtrechtHeading>;
}

export function Paragraph({ lead, ...rest }: { lead?: boolean } & HTMLAttributes<HTMLParagraphElement>) {
  return <UtrechtParagraph appearance={lead ? 'lead' : undefined} {...rest} />;
}

export function Link({ className, ...rest }: LinkProps) {
  return <RouterLink className={cx('utrecht-link', 'utrecht-link--html-a', className)} {...rest} />;
}

type ButtonKind = 'primary' | 'secondary' | 'subtle';
const appearances: Record<ButtonKind, NonNullable<UtrechtButtonProps['appearance']>> = {
  primary: 'primary-action-button',
  secondary: 'secondary-action-button',
  subtle: 'subtle-button',
};
export const Button = forwardRef<HTMLButtonElement, { kind?: ButtonKind; busy?: boolean } & ButtonHTMLAttributes<HTMLButtonElement>>(
  function Button({ kind = 'primary', ...rest }, ref) {
    return <UtrechtButton ref={ref} appearance={appearances[kind]} {...rest} />;
  },
);

export function ButtonGroup({ children }: { children: ReactNode }) {
  return <UtrechtButtonGroup>{children}</UtrechtButtonGroup>;
}

/** A message that stays until the situation changes: status for information, alert for errors. */
export function Alert({ type = 'info', title, children }: { type?: 'info' | 'ok' | 'warning' | 'error'; title?: ReactNode; children?: ReactNode }) {
  return (
    <UtrechtAlert type={type} role={type === 'error' ? 'alert' : 'status'}>
      {title && <UtrechtParagraph><strong>{title}</strong></UtrechtParagraph>}
      {typeof children === 'string' ? <UtrechtParagraph>{children}</UtrechtParagraph> : children}
    </UtrechtAlert>
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
    <UtrechtFormField
      invalid={Boolean(error)}
      label={<FormLabel htmlFor={id}>{label}</FormLabel>}
      description={description ? <FormFieldDescription id={descriptionId}>{description}</FormFieldDescription> : undefined}
    >
      {error && <div className="utrecht-form-field__error-message"><FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage></div>}
      <div className="utrecht-form-field__input">{children({ id, describedBy, invalid: Boolean(error) })}</div>
    </UtrechtFormField>
  );
}

export function TextInput({ invalid, required, ...rest }: { invalid?: boolean } & InputHTMLAttributes<HTMLInputElement>) {
  return <Textbox invalid={invalid} required={required} inputRequired={required} {...rest} />;
}

export function TextArea({ invalid, required, ...rest }: { invalid?: boolean } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <Textarea invalid={invalid} required={required} inputRequired={required} {...rest} />;
}

export function Select({ invalid, ...rest }: { invalid?: boolean } & SelectHTMLAttributes<HTMLSelectElement>) {
  return <UtrechtSelect invalid={invalid} {...rest} />;
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
      <UtrechtTable ref={ref} className="utrecht-table--html-table table--stacks">
        <TableCaption>{caption}</TableCaption>
        {children}
      </UtrechtTable>
    </div>
  );
}

export function StatusBadge({ children }: { children: ReactNode }) {
  return <UtrechtStatusBadge>{children}</UtrechtStatusBadge>;
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
    <UtrechtDataList appearance="rows" className={className}>
      {items.map((item) => (
        <DataListItem key={item.key}>
          <DataListKey>{item.term}</DataListKey>
          <DataListValue>{item.value}</DataListValue>
        </DataListItem>
      ))}
    </UtrechtDataList>
  );
}

/** A polite live region that is always in the page, so that a message put into it later is announced (a region
 * that appears together with its text often is not). Shows the message as an alert box when there is one. */
export function StatusMessage({ type = 'ok', children }: { type?: 'info' | 'ok' | 'warning'; children?: ReactNode }) {
  return (
    <div role="status" aria-live="polite">
      {children ? (
        <UtrechtAlert type={type} role="none">
          {typeof children === 'string' ? <UtrechtParagraph>{children}</UtrechtParagraph> : children}
        </UtrechtAlert>
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
          <div className="utrecht-alert__message">
            <Heading level={2} id={titleId} className="error-summary__title">{title}</Heading>
            <UnorderedList>
              {items.map((item) => (
                <UnorderedListItem key={item.key}>
                  {item.fieldId ? (
                    <UtrechtLink
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
                    </UtrechtLink>
                  ) : (
                    item.message
                  )}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          </div>
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
      <UtrechtParagraph className="meter__label" id={labelId}>{label}</UtrechtParagraph>
      <progress className="meter__bar" max={Math.max(max, 1)} value={Math.min(Math.max(value, 0), Math.max(max, 1))} aria-labelledby={labelId} aria-describedby={textId} />
      <UtrechtParagraph className="meter__text" id={textId} aria-live="polite" aria-atomic="true">{valueText}</UtrechtParagraph>
    </div>
  );
}
