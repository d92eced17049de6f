import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { Refusal, useFormState, type FieldErrors } from './useFormState';

afterEach(cleanup);

type Field = 'title' | 'amount' | 'date';

/** A form the way the app's forms use the hook: fields in the order title, amount, date; its own checks run in
 * another order (date first) to show that focus follows the form, not the checks. */
function Probe({ send, values, fieldOf }: { send: () => Promise<string>; values: Partial<Record<Field, string>>; fieldOf?: (refusal: ApiError) => Field | null }) {
  const form = useFormState<Field>();
  const submit = async () => {
    form.reset();
    const found: FieldErrors<Field> = {};
    if (!values.date) found.date = 'Vul een datum in.';
    if (!values.amount) found.amount = 'Vul een bedrag in.';
    if (!values.title) found.title = 'Vul een titel in.';
    if (!form.check(found)) return;
    await form.run(send, (answer) => `Opgeslagen: ${answer}`, fieldOf);
  };
  return (
    <form ref={form.ref} aria-label="probe" onSubmit={(event) => { event.preventDefault(); void submit(); }}>
      {(['title', 'amount', 'date'] as Field[]).map((field) => (
        <label key={field}>
          {field}
          <input data-field={field} aria-invalid={form.errors[field] ? true : undefined} />
          {form.errors[field] && <span>{form.errors[field]}</span>}
        </label>
      ))}
      <Refusal refusal={form.refusal} title="Niet opgeslagen" />
      <p role="status">{form.saved}</p>
      <button type="submit" disabled={form.busy}>{form.busy ? 'Bezig' : 'Opslaan'}</button>
    </form>
  );
}

describe('useFormState', () => {
  it('shows every finding and focuses the first invalid field in the form, whatever order the checks ran in', async () => {
    let sent = 0;
    render(<Probe values={{ title: 'Bankjes' }} send={async () => { sent += 1; return 'x'; }} />);

    fireEvent.submit(screen.getByRole('form', { name: 'probe' }));

    expect(screen.getByText('Vul een bedrag in.')).toBeTruthy();
    expect(screen.getByText('Vul een datum in.')).toBeTruthy();
    expect(screen.queryByText('Vul een titel in.')).toBeNull();
    await waitFor(() => expect(document.activeElement?.getAttribute('data-field')).toBe('amount'));
    expect(sent).toBe(0);
  });

  it('is busy while the API decides and then says what was saved', async () => {
    let answer: (value: string) => void = () => {};
    render(<Probe values={{ title: 'Bankjes', amount: '100', date: '2027-01-01' }} send={() => new Promise<string>((resolve) => { answer = resolve; })} />);

    fireEvent.submit(screen.getByRole('form', { name: 'probe' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Bezig' }).hasAttribute('disabled')).toBe(true));
    await act(async () => answer('ronde 7'));

    expect(screen.getByRole('status').textContent).toBe('Opgeslagen: ronde 7');
    expect(screen.getByRole('button', { name: 'Opslaan' }).hasAttribute('disabled')).toBe(false);
    expect(screen.queryByText('Niet opgeslagen')).toBeNull();
  });

  it('keeps the API’s refusal in its words, focuses it, and forgets it on the next attempt', async () => {
    let refuse = true;
    const send = async () => {
      if (refuse) throw new ApiError(422, 'budget-too-small', 'Budget te klein', 'Het budget van de wijk is te klein voor deze ronde.');
      return 'ronde 8';
    };
    render(<Probe values={{ title: 'Bankjes', amount: '100', date: '2027-01-01' }} send={send} />);

    fireEvent.submit(screen.getByRole('form', { name: 'probe' }));
    await screen.findByText('Het budget van de wijk is te klein voor deze ronde.');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-field')).toBe('refusal'));
    expect(screen.getByRole('status').textContent).toBe('');

    refuse = false;
    fireEvent.submit(screen.getByRole('form', { name: 'probe' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Opgeslagen: ronde 8'));
    expect(screen.queryByText('Het budget van de wijk is te klein voor deze ronde.')).toBeNull();
  });

  it('turns a failure that is not a problem answer into a refusal too, rather than losing it', async () => {
    render(<Probe values={{ title: 'Bankjes', amount: '100', date: '2027-01-01' }} send={async () => { throw new TypeError('kapot'); }} />);

    fireEvent.submit(screen.getByRole('form', { name: 'probe' }));

    expect(await screen.findByText('TypeError: kapot')).toBeTruthy();
  });

  it('shows a refusal about one field at that field and focuses it, and any other refusal for the whole form', async () => {
    let code = 'amount-out-of-range';
    const send = async (): Promise<string> => {
      throw new ApiError(422, code, 'Bedrag buiten bereik', 'Een bedrag moet meer dan € 0 zijn.', { field: 'amount' });
    };
    const fieldOf = (refusal: ApiError): Field | null => (refusal.code === 'amount-out-of-range' ? 'amount' : null);
    render(<Probe values={{ title: 'Bankjes', amount: '0', date: '2027-01-01' }} send={send} fieldOf={fieldOf} />);

    fireEvent.submit(screen.getByRole('form', { name: 'probe' }));
    await screen.findByText('Een bedrag moet meer dan € 0 zijn.');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-field')).toBe('amount'));
    expect(screen.queryByText('Niet opgeslagen')).toBeNull();

    code = 'storage-unavailable';
    fireEvent.submit(screen.getByRole('form', { name: 'probe' }));
    await screen.findByText('Niet opgeslagen');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-field')).toBe('refusal'));
    expect(screen.queryByText('Een bedrag moet meer dan € 0 zijn.', { selector: 'span' })).toBeNull();
  });
});
