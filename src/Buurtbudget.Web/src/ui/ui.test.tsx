import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { Alert, Button, ButtonGroup, DataList, ErrorSummary, FormField, Heading, Link, Paragraph, StatusBadge, StatusMessage, TextArea, TextInput } from '.';

afterEach(cleanup);

describe('FormField on the NL Design System components', () => {
  it('labels the control and describes it with its help and its error, the error before the control', () => {
    render(
      <FormField id="title" label="Titel" description="Kort en duidelijk" error="Vul een titel in">
        {({ id, describedBy, invalid }) => <TextInput id={id} aria-describedby={describedBy} invalid={invalid} required />}
      </FormField>,
    );

    const input = screen.getByRole('textbox', { name: 'Titel' });
    expect(input.getAttribute('aria-describedby')).toBe('title-description title-error');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('title-description')?.textContent).toBe('Kort en duidelijk');
    expect(document.getElementById('title-error')?.textContent).toBe('Vul een titel in');
    // Read in page order, the error comes before the control it is about.
    const error = document.getElementById('title-error')!;
    expect(error.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Required stays a native attribute, as before, and is also stated for assistive technology.
    expect(input.hasAttribute('required')).toBe(true);
    expect(input.getAttribute('aria-required')).toBe('true');
  });

  it('leaves out what is not there: no description, no error, not invalid', () => {
    render(
      <FormField label="Omschrijving">
        {({ id, describedBy, invalid }) => <TextArea id={id} aria-describedby={describedBy} invalid={invalid} />}
      </FormField>,
    );

    const area = screen.getByRole('textbox', { name: 'Omschrijving' });
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.hasAttribute('aria-describedby')).toBe(false);
    expect(area.hasAttribute('aria-invalid')).toBe(false);
    expect(area.hasAttribute('required')).toBe(false);
  });
});

describe('Alert and StatusMessage', () => {
  it('interrupts only for an error; information and a warning wait their turn', () => {
    render(
      <>
        <Alert type="error" title="Niet gelukt">Probeer het opnieuw.</Alert>
        <Alert type="warning">Let op: de stemming sluit vandaag.</Alert>
        <Alert>Ter informatie.</Alert>
      </>,
    );

    expect(screen.getByRole('alert').textContent).toBe('Niet geluktProbeer het opnieuw.');
    expect(screen.getAllByRole('status').map((status) => status.textContent)).toEqual(['Let op: de stemming sluit vandaag.', 'Ter informatie.']);
  });

  it('keeps one live region in the page, empty until there is a message', () => {
    const { rerender } = render(<StatusMessage />);
    expect(screen.getByRole('status').textContent).toBe('');

    rerender(<StatusMessage>Opgeslagen.</StatusMessage>);
    // Exactly one status: the box inside has no role of its own, so the message is announced once.
    expect(screen.getByRole('status').textContent).toBe('Opgeslagen.');
    expect(screen.getByRole('status').querySelector('.utrecht-alert--ok')).not.toBeNull();
  });
});

describe('ErrorSummary', () => {
  it('is a labelled alert that takes focus, and its links move focus to the field', () => {
    const ref = createRef<HTMLDivElement>();
    render(
      <>
        <ErrorSummary ref={ref} title="Er gaat iets mis" items={[{ key: 'cost', fieldId: 'cost', message: 'Vul een bedrag in' }, { key: 'other', message: 'De ronde is gesloten' }]} />
        <input id="cost" aria-label="Bedrag" />
      </>,
    );

    const summary = screen.getByRole('alert', { name: 'Er gaat iets mis' });
    expect(summary).toBe(ref.current);
    summary.focus();
    expect(document.activeElement).toBe(summary);

    fireEvent.click(screen.getByRole('link', { name: 'Vul een bedrag in' }));
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Bedrag' }));
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Vul een bedrag in', 'De ronde is gesloten']);
  });
});

describe('Buttons, headings, text and links', () => {
  it('gives each kind of button its NL Design System look and says when it is busy', () => {
    const ref = createRef<HTMLButtonElement>();
    render(
      <ButtonGroup>
        <Button ref={ref} busy disabled>Opslaan</Button>
        <Button kind="secondary">Annuleren</Button>
      </ButtonGroup>,
    );

    const save = screen.getByRole('button', { name: 'Opslaan' });
    expect(save).toBe(ref.current);
    expect(save.getAttribute('type')).toBe('button');
    expect(save.getAttribute('aria-busy')).toBe('true');
    expect(save.className).toContain('utrecht-button--primary-action');
    expect(screen.getByRole('button', { name: 'Annuleren' }).className).toContain('utrecht-button--secondary-action');
    expect(screen.getByRole('group').className).toContain('utrecht-button-group');
  });

  it('keeps heading levels, the lead paragraph, the data list and the badge', () => {
    render(
      <>
        <Heading level={3} id="h">Voorstellen</Heading>
        <Paragraph lead>Inleiding</Paragraph>
        <DataList items={[{ key: 'budget', term: 'Budget', value: '€ 10.000,00' }]} />
        <StatusBadge>Haalbaar</StatusBadge>
      </>,
    );

    const heading = screen.getByRole('heading', { level: 3, name: 'Voorstellen' });
    expect(heading.className).toBe('utrecht-heading-3');
    expect(screen.getByText('Inleiding').closest('p')?.className).toContain('utrecht-paragraph--lead');
    expect(screen.getByRole('term').textContent).toBe('Budget');
    expect(screen.getByRole('definition').textContent).toBe('€ 10.000,00');
    expect(screen.getByText('Haalbaar').className).toContain('utrecht-status-badge');
  });

  it('links within the app through the router, with the NL Design System link look', () => {
    render(
      <MemoryRouter>
        <Link to="/rondes">Rondes</Link>
      </MemoryRouter>,
    );

    const link = screen.getByRole('link', { name: 'Rondes' });
    expect(link.getAttribute('href')).toBe('/rondes');
    expect(link.className).toBe('utrecht-link utrecht-link--html-a');
  });
});
